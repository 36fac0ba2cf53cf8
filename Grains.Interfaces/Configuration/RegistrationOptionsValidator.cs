using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>Validates <see cref="RegistrationOptions"/> at start-up; messages name the key (never the secret's value).</summary>
public sealed class RegistrationOptionsValidator : IValidateOptions<RegistrationOptions>
{
    /// <summary>Shorter secrets can be brute-forced offline from one observed MAC.</summary>
    public const int MinSharedSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, RegistrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.SharedSecret is { } secret && secret.Length > 0 && secret.Length < MinSharedSecretLength)
        {
            errors.Add($"ClawChat:Registration:SharedSecret must be at least {MinSharedSecretLength} characters long (got {secret.Length}); leave it unset to disable shared-secret registration.");
        }

        if (options.MaxPasswordLength is < 8 or > 4096)
        {
            errors.Add($"ClawChat:Registration:MaxPasswordLength must be between 8 and 4096 (got {options.MaxPasswordLength}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
