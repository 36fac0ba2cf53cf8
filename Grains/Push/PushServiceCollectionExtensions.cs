using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Push.Delivery;
using ClawChat.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Push;

/// <summary>Registers push: <see cref="PushOptions"/> (bound from <c>ClawChat:Push</c> and validated at start)
/// and the gateway delivery service behind <see cref="IPushDeliveryQueue"/> (the pushers grain's dependency).
/// Needs an <see cref="IGrainFactory"/> (resolved when the first notification is delivered).</summary>
public static class PushServiceCollectionExtensions
{
    public static IServiceCollection AddClawChatPush(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PushOptions>, PushOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPushDeliveryQueue>(sp => new PushDeliveryService(
            sp.GetRequiredService<IOptions<PushOptions>>().Value,
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PushDeliveryService>>()));
        return services;
    }
}
