using Microsoft.Extensions.Options;

namespace ClawChat.Runtime.Redis;

/// <summary>Validates <see cref="RedisOptions"/>; each message names the key and the bad value.</summary>
public sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
            failures.Add("ClawChat:Redis:Host must not be empty.");
        if (options.Port is < 1 or > 65535)
            failures.Add($"ClawChat:Redis:Port must be 1..65535, was {options.Port}.");
        if (options.Database is < 0 or > 65535)
            failures.Add($"ClawChat:Redis:Database must be 0..65535, was {options.Database}.");
        if (options.User is not null && options.Password is null)
            failures.Add("ClawChat:Redis:User requires ClawChat:Redis:Password.");
        CheckPositive(failures, "ConnectTimeout", options.ConnectTimeout);
        CheckPositive(failures, "CommandTimeout", options.CommandTimeout);
        CheckPositive(failures, "ReconnectMinDelay", options.ReconnectMinDelay);
        if (options.ReconnectMaxDelay < options.ReconnectMinDelay)
            failures.Add($"ClawChat:Redis:ReconnectMaxDelay must be >= ReconnectMinDelay, was {options.ReconnectMaxDelay}.");
        if (options.MaxPendingCommands < 1)
            failures.Add($"ClawChat:Redis:MaxPendingCommands must be positive, was {options.MaxPendingCommands}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> if the options are invalid.</summary>
    public static void ThrowIfInvalid(RedisOptions options)
    {
        var result = new RedisOptionsValidator().Validate(null, options);
        if (result.Failed)
            throw new OptionsValidationException(nameof(RedisOptions), typeof(RedisOptions), result.Failures);
    }

    private static void CheckPositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            failures.Add($"ClawChat:Redis:{key} must be positive, was {value}.");
    }
}
