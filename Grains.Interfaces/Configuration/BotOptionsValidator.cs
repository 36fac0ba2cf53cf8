using ClawChat.Matrix.Identifiers;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>Validates <see cref="BotsOptions"/> at start-up: each bot must be a valid, unique local user ID of this
/// server with a model for the OpenAI backend, a valid profile and inviter list; each message names the key (<c>ClawChat:Bots:0:UserId</c>) and
/// the bad value. API keys are never echoed.</summary>
public sealed class BotOptionsValidator(IOptions<ClawChatOptions> server) : IValidateOptions<BotsOptions>
{
    public ValidateOptionsResult Validate(string? name, BotsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var serverName = server.Value.ServerName;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Bots.Count; i++)
        {
            ValidateBot(errors, $"ClawChat:Bots:{i}", options.Bots[i], serverName, seen);
        }

        ValidateLimits(errors, options.BotLimits);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateBot(List<string> errors, string key, BotOptions bot, string serverName, HashSet<string> seen)
    {
        if (string.IsNullOrWhiteSpace(bot.UserId))
        {
            errors.Add($"{key}:UserId is required (a local user ID such as @clawbot:{serverName}).");
        }
        else if (!UserId.TryParse(bot.UserId, out var userId) || !userId.IsStrict)
        {
            errors.Add($"{key}:UserId '{bot.UserId}' is not a valid Matrix user ID (@localpart:{serverName}, localpart of a-z 0-9 . _ = - / +).");
        }
        else if (!string.Equals(userId.Server.Value, serverName, StringComparison.Ordinal))
        {
            errors.Add($"{key}:UserId '{bot.UserId}' is not on this server ('{serverName}', ClawChat:ServerName).");
        }
        else if (!seen.Add(bot.UserId))
        {
            errors.Add($"{key}:UserId '{bot.UserId}' is configured twice.");
        }

        // Backend, Endpoint, ApiKey/ApiKeyFile and RequestTimeout are checked by the backends' validator
        // (Grains/Bots/Backends/ChatBackendOptionsValidator.cs); this one checks the bot as a Matrix user.
        if (bot.Backend?.Trim().ToLowerInvariant() == BotBackends.OpenAi && string.IsNullOrWhiteSpace(bot.Model))
        {
            errors.Add($"{key}:Model is required for the '{BotBackends.OpenAi}' backend (e.g. gpt-4o-mini, llama3.1).");
        }

        if (bot.DisplayName is { Length: > 256 })
        {
            errors.Add($"{key}:DisplayName is longer than 256 characters.");
        }

        if (bot.AvatarUrl is { Length: > 0 } avatar && !MxcUri.TryParse(avatar, out _))
        {
            errors.Add($"{key}:AvatarUrl '{avatar}' is not an mxc:// URI.");
        }

        foreach (var inviter in bot.AllowedInviters)
        {
            if (!IsInviterPattern(inviter))
            {
                errors.Add($"{key}:AllowedInviters entry '{inviter}' is not a user ID, '*:server' or '*'.");
            }
        }

        if (bot.ContextTokens is < 256 or > 1_000_000)
        {
            errors.Add($"{key}:ContextTokens must be between 256 and 1000000 (got {bot.ContextTokens}).");
        }
    }

    private static bool IsInviterPattern(string pattern) =>
        pattern == "*"
        || (pattern.StartsWith("*:", StringComparison.Ordinal) && ServerName.TryParse(pattern[2..], out _))
        || UserId.TryParse(pattern, out _);

    private static void ValidateLimits(List<string> errors, BotLimitsOptions limits)
    {
        Range(errors, nameof(limits.UserPerMinute), limits.UserPerMinute, 1, 100_000);
        Range(errors, nameof(limits.UserBurst), limits.UserBurst, 1, 100_000);
        Range(errors, nameof(limits.RoomPerMinute), limits.RoomPerMinute, 1, 100_000);
        Range(errors, nameof(limits.RoomBurst), limits.RoomBurst, 1, 100_000);
        Range(errors, nameof(limits.MaxConcurrentCalls), limits.MaxConcurrentCalls, 1, 1_024);
        Range(errors, nameof(limits.QueueLimit), limits.QueueLimit, 0, 1_000);
        Range(errors, nameof(limits.MaxEditsPerMessage), limits.MaxEditsPerMessage, 0, 1_000);
        Range(errors, nameof(limits.HistoryEvents), limits.HistoryEvents, 1, 1_000);
        if (limits.ConcurrencyWait <= TimeSpan.Zero || limits.ConcurrencyWait > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{BotLimitsOptions.SectionName}:ConcurrencyWait must be positive and at most 10 minutes (got {limits.ConcurrencyWait}).");
        }

        if (limits.EditInterval < TimeSpan.Zero || limits.EditInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{BotLimitsOptions.SectionName}:EditInterval must be between 0 and 1 minute (got {limits.EditInterval}).");
        }
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{BotLimitsOptions.SectionName}:{key} must be between {min} and {max} (got {value}).");
        }
    }
}
