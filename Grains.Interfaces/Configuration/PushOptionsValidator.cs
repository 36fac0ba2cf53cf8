using System.Net;
using ClawChat.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>Validates <see cref="PushOptions"/> at start-up; each message names the key and the bad value.</summary>
public sealed class PushOptionsValidator : IValidateOptions<PushOptions>
{
    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Range(errors, nameof(options.MaxNotificationsPerUser), options.MaxNotificationsPerUser, 1, 10_000);
        Range(errors, nameof(options.MaxUnreadPerThread), options.MaxUnreadPerThread, 1, 100_000);
        Range(errors, nameof(options.MaxRulesPerUser), options.MaxRulesPerUser, 0, 10_000);
        Range(errors, nameof(options.MaxPushersPerUser), options.MaxPushersPerUser, 0, 1_000);
        Range(errors, nameof(options.MaxDeliveryAttempts), options.MaxDeliveryAttempts, 1, 100);
        Range(errors, nameof(options.MaxQueuedPerUser), options.MaxQueuedPerUser, 1, 10_000);
        Range(errors, nameof(options.MaxConcurrentDeliveries), options.MaxConcurrentDeliveries, 1, 1_024);
        OptionChecks.Positive(errors, "ClawChat:Push", nameof(options.GatewayTimeout), options.GatewayTimeout);
        OptionChecks.Positive(errors, "ClawChat:Push", nameof(options.InitialRetryDelay), options.InitialRetryDelay);
        OptionChecks.Positive(errors, "ClawChat:Push", nameof(options.MaxRetryDelay), options.MaxRetryDelay);
        if (options.MaxRetryDelay < options.InitialRetryDelay)
        {
            errors.Add($"ClawChat:Push:MaxRetryDelay ({options.MaxRetryDelay}) must not be shorter than ClawChat:Push:InitialRetryDelay ({options.InitialRetryDelay}).");
        }

        foreach (var network in options.AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                errors.Add($"ClawChat:Push:AllowedNetworks entry '{network}' is not a CIDR range such as 127.0.0.0/8.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"ClawChat:Push:{key} must be between {min} and {max} (got {value}).");
        }
    }
}
