using System.Collections.Frozen;
using ClawChat.Grains.Bots.Backends.JsonRpc;
using ClawChat.Grains.Bots.Backends.OpenAi;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Bots.Backends;

/// <summary>
/// Builds every configured bot's backend once, when the provider is first resolved (API key files are read then and
/// never again), and hands the same thread-safe instance to all conversations of that bot. A bot listed twice (the
/// same user ID) keeps its first entry. Owns the backends: disposing the provider (the container does) closes their
/// connection pools.
/// </summary>
public sealed partial class ChatBackendProvider : IChatBackendProvider, IDisposable
{
    private readonly FrozenDictionary<string, IChatBackend> _backends;

    public ChatBackendProvider(IOptions<BotsOptions> options, ILoggerFactory loggerFactory)
        : this(options?.Value.Bots ?? throw new ArgumentNullException(nameof(options)), loggerFactory)
    {
    }

    public ChatBackendProvider(IEnumerable<BotOptions> bots, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(bots);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<ChatBackendProvider>();
        var backends = new Dictionary<string, IChatBackend>(StringComparer.Ordinal);
        try
        {
            foreach (var bot in bots)
            {
                if (string.IsNullOrEmpty(bot.UserId) || backends.ContainsKey(bot.UserId))
                {
                    continue;
                }

                backends[bot.UserId] = Create(bot, loggerFactory);
                Log.BackendCreated(
                    logger, bot.UserId, bot.Backend, BackendText.Endpoint(bot.Endpoint), bot.Model ?? "(none)",
                    BotApiKey.Source(bot), bot.RequestTimeout);
            }
        }
        catch
        {
            foreach (var backend in backends.Values)
            {
                (backend as IDisposable)?.Dispose();
            }

            throw;
        }

        _backends = backends.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IChatBackend Get(string botUserId) =>
        _backends.TryGetValue(botUserId, out var backend)
            ? backend
            : throw new KeyNotFoundException($"No bot {botUserId} is configured under {BotOptions.SectionName}.");

    /// <summary>A backend for one bot, its key resolved from <see cref="BotOptions.ApiKey"/> or
    /// <see cref="BotOptions.ApiKeyFile"/>. The caller owns (disposes) it.</summary>
    public static IChatBackend Create(BotOptions bot, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var apiKey = BotApiKey.Resolve(bot);
        return bot.Backend?.Trim().ToLowerInvariant() switch
        {
            BotBackends.OpenAi => new OpenAiChatBackend(bot, apiKey, loggerFactory.CreateLogger<OpenAiChatBackend>()),
            BotBackends.JsonRpc => new JsonRpcChatBackend(bot, apiKey, loggerFactory.CreateLogger<JsonRpcChatBackend>()),
            _ => throw new OptionsValidationException(
                BotOptions.SectionName,
                typeof(BotOptions),
                [$"Bot {bot.UserId}: Backend '{bot.Backend}' is not a known backend; use '{BotBackends.OpenAi}' or '{BotBackends.JsonRpc}'."]),
        };
    }

    public void Dispose()
    {
        foreach (var backend in _backends.Values)
        {
            (backend as IDisposable)?.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(8500, LogLevel.Information,
            "Bot {BotUserId}: backend {Backend} at {Endpoint}, model {Model}, API key from {KeySource}, request timeout {Timeout}")]
        public static partial void BackendCreated(
            ILogger logger, string botUserId, string backend, string endpoint, string model, string keySource, TimeSpan timeout);
    }
}
