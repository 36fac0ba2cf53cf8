using System.Diagnostics.Metrics;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Bots;

/// <summary>Registers the AI bots (DESIGN §8): options of <c>ClawChat:Bots</c> and <c>ClawChat:BotLimits</c> (validated
/// at start), the bot directory rooms consult, limits, metrics, and provisioning of the bot accounts at start-up.
/// Backends come from the <see cref="IChatBackendProvider"/> of <c>AddChatBackends</c>. Call after <c>AddGrainRuntime</c> (provisioning
/// needs a running silo).</summary>
public static class BotsServiceCollectionExtensions
{
    public static IServiceCollection AddClawChatBots(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // ClawChat:Bots is a list, so the shared limits live beside it (ClawChat:BotLimits); bind both from ClawChat.
        services.AddOptions<BotsOptions>()
            .BindConfiguration("ClawChat")
            .PostConfigure(options =>
            {
                foreach (var bot in options.Bots)
                {
                    bot.UserId = bot.UserId.Trim();
                    bot.Backend = bot.Backend.Trim().ToLowerInvariant();
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotsOptions>, BotOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BotDirectory>();
        services.TryAddSingleton<BotRateLimiter>();
        services.TryAddSingleton<BotCallLimiter>();
        services.TryAddSingleton(sp => new BotMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<BotServices>();
        services.AddHostedService<BotProvisioningService>();
        services.AddChatBackends();
        return services;
    }
}
