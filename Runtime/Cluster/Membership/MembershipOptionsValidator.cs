using ClawChat.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Checks <see cref="MembershipOptions"/> (section <c>ClawChat:Cluster:Membership</c>); messages
/// name the key and the bad value. The relations matter for safety: a lease no longer than the
/// heartbeat period would fence a healthy silo between two heartbeats.</summary>
public sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    private const string Section = "ClawChat:Cluster:Membership";

    public static void ThrowIfInvalid(MembershipOptions options)
    {
        var result = new MembershipOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(MembershipOptions), typeof(MembershipOptions), result.Failures);
        }
    }

    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        OptionChecks.Positive(failures, Section, nameof(options.HeartbeatPeriod), options.HeartbeatPeriod);
        OptionChecks.Positive(failures, Section, nameof(options.LeaseTimeout), options.LeaseTimeout);
        OptionChecks.Positive(failures, Section, nameof(options.ProbeInterval), options.ProbeInterval);
        OptionChecks.Positive(failures, Section, nameof(options.ProbeTimeout), options.ProbeTimeout);
        OptionChecks.Positive(failures, Section, nameof(options.VoteExpiry), options.VoteExpiry);
        OptionChecks.Positive(failures, Section, nameof(options.StaleAfter), options.StaleAfter);
        OptionChecks.Positive(failures, Section, nameof(options.RefreshPeriod), options.RefreshPeriod);
        OptionChecks.Positive(failures, Section, nameof(options.JoinTimeout), options.JoinTimeout);
        OptionChecks.Positive(failures, Section, nameof(options.DeadRowRetention), options.DeadRowRetention);
        if (options.LeaseTimeout <= options.HeartbeatPeriod)
        {
            failures.Add($"{Section}:{nameof(options.LeaseTimeout)} ({options.LeaseTimeout}) must exceed {nameof(options.HeartbeatPeriod)} ({options.HeartbeatPeriod}).");
        }

        if (options.StaleAfter < options.HeartbeatPeriod)
        {
            failures.Add($"{Section}:{nameof(options.StaleAfter)} ({options.StaleAfter}) must be at least {nameof(options.HeartbeatPeriod)} ({options.HeartbeatPeriod}).");
        }

        if (options.MissedProbesLimit < 1)
        {
            failures.Add($"{Section}:{nameof(options.MissedProbesLimit)} must be at least 1 (was {options.MissedProbesLimit}).");
        }

        if (options.MaxVotesForDeath < 1)
        {
            failures.Add($"{Section}:{nameof(options.MaxVotesForDeath)} must be at least 1 (was {options.MaxVotesForDeath}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
