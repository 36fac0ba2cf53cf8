using ClawChat.Grains.Interfaces.Configuration;

namespace ClawChat.Grains.Bots.Backends;

/// <summary>Resolves a bot's API key once, when its backend is built: <see cref="BotOptions.ApiKey"/> (the
/// environment) wins over <see cref="BotOptions.ApiKeyFile"/> (a mounted secret), both trimmed. The key then lives only
/// inside the backend object; nothing here logs or formats it.</summary>
public static class BotApiKey
{
    /// <summary>A secret file larger than this is a configuration mistake (a key is well under 1 KiB).</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>The key, or null when neither source gives a non-blank one. Throws
    /// <see cref="InvalidOperationException"/> naming the file (never its content) when the file cannot be read.</summary>
    public static string? Resolve(BotOptions bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        if (!string.IsNullOrWhiteSpace(bot.ApiKey))
        {
            return bot.ApiKey.Trim();
        }

        if (string.IsNullOrWhiteSpace(bot.ApiKeyFile))
        {
            return null;
        }

        try
        {
            var info = new FileInfo(bot.ApiKeyFile);
            if (info.Length > MaxFileBytes)
            {
                throw new InvalidOperationException(
                    $"The API key file '{bot.ApiKeyFile}' of bot {bot.UserId} is larger than {MaxFileBytes} bytes.");
            }

            var key = File.ReadAllText(bot.ApiKeyFile).Trim();
            return key.Length == 0 ? null : key;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The API key file '{bot.ApiKeyFile}' of bot {bot.UserId} cannot be read: {ex.GetType().Name}.", ex);
        }
    }

    /// <summary>Where the key came from, for start-up logs: <c>ApiKey</c>, <c>ApiKeyFile</c> or <c>none</c>.</summary>
    public static string Source(BotOptions bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        return !string.IsNullOrWhiteSpace(bot.ApiKey) ? nameof(BotOptions.ApiKey)
            : !string.IsNullOrWhiteSpace(bot.ApiKeyFile) ? nameof(BotOptions.ApiKeyFile)
            : "none";
    }
}
