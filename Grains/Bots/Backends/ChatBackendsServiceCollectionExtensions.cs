using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Bots.Backends;

/// <summary>Registers <see cref="IChatBackendProvider"/> over the bots of <c>ClawChat:Bots</c> (the
/// <see cref="BotsOptions"/> that <c>AddClawChatBots</c> binds), with the backend part of their validation run at
/// start. Works on its own too (tests, tools): it then binds <see cref="BotsOptions"/> from <c>ClawChat</c> itself.</summary>
public static class ChatBackendsServiceCollectionExtensions
{
    public static IServiceCollection AddChatBackends(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Binding appends to the bot list, so a second BindConfiguration would list every bot twice: bind only when
        // no one (AddClawChatBots) has configured the options already.
        var builder = services.AddOptions<BotsOptions>();
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<BotsOptions>)))
        {
            builder.BindConfiguration("ClawChat");
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotsOptions>, ChatBackendOptionsValidator>());
        services.TryAddSingleton<IChatBackendProvider>(sp => new ChatBackendProvider(
            sp.GetRequiredService<IOptions<BotsOptions>>(), sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
