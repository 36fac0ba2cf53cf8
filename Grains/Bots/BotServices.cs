using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Bots;

/// <summary>What a <see cref="BotConversationGrain"/> needs from the silo, in one singleton: the directory, the shared
/// limits, the metrics and the backends.</summary>
public sealed class BotServices(
    BotDirectory directory,
    IOptions<BotsOptions> options,
    BotRateLimiter rates,
    BotCallLimiter calls,
    BotMetrics metrics,
    IServiceProvider services,
    TimeProvider time)
{
    public BotDirectory Directory => directory;

    public BotLimitsOptions Limits => options.Value.BotLimits;

    public BotRateLimiter Rates => rates;

    public BotCallLimiter Calls => calls;

    public BotMetrics Metrics => metrics;

    public TimeProvider Time => time;

    /// <summary>The backend of a bot, or null when no backend provider is registered or it does not know the bot.</summary>
    public IChatBackend? BackendOf(string botUserId)
    {
        if (services.GetService<IChatBackendProvider>() is not { } provider)
        {
            return null;
        }

        try
        {
            return provider.Get(botUserId);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }
}
