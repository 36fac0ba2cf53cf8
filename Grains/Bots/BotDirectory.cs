using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Matrix.Identifiers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Bots;

/// <summary>The configured bots of this silo (a singleton): is this user a bot, and its options. Immutable after
/// start-up, so rooms read it on every append without locking.</summary>
public sealed class BotDirectory
{
    private readonly Dictionary<string, BotOptions> _bots;

    public BotDirectory(IOptions<BotsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bots = options.Value.Bots
            .Where(b => !string.IsNullOrWhiteSpace(b.UserId))
            .GroupBy(b => b.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        UserIds = [.. _bots.Keys];
    }

    /// <summary>The bots' user IDs.</summary>
    public IReadOnlyList<string> UserIds { get; }

    public int Count => _bots.Count;

    public bool IsBot(string userId) => _bots.ContainsKey(userId);

    public BotOptions? Find(string userId) => _bots.GetValueOrDefault(userId);

    /// <summary>The bot's display name: the configured one, or its localpart.</summary>
    public static string DisplayNameOf(BotOptions bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        return bot.DisplayName is { Length: > 0 } name ? name : LocalpartOf(bot.UserId);
    }

    public static string LocalpartOf(string userId) =>
        UserId.TryParse(userId, out var id) ? id.Localpart : userId.TrimStart('@');

    /// <summary>The directory when bots are registered and configured, else null. Rooms resolve it through the silo's
    /// <see cref="IServiceProvider"/> so that hosts without bots (unit-test silos, benchmarks) need no registration.</summary>
    internal static BotDirectory? Resolve(IServiceProvider services) =>
        services.GetService<BotDirectory>() is { Count: > 0 } directory ? directory : null;
}
