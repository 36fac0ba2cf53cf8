using Microsoft.Extensions.Options;

namespace ClawChat.Api.Http;

/// <summary>Validates <see cref="RateLimitOptions"/> at start-up; each message names the key and the bad value.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(errors, "Login", options.Login);
        Check(errors, "Register", options.Register);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string rule, RateLimitRule? value)
    {
        if (value is null)
        {
            errors.Add($"ClawChat:RateLimits:{rule} must not be null.");
            return;
        }

        if (value.Burst is < 1 or > 1_000_000)
        {
            errors.Add($"ClawChat:RateLimits:{rule}:Burst must be between 1 and 1000000 (got {value.Burst}).");
        }

        if (value.PerMinute is < 1 or > 6_000_000)
        {
            errors.Add($"ClawChat:RateLimits:{rule}:PerMinute must be between 1 and 6000000 (got {value.PerMinute}).");
        }
    }
}
