using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

public sealed class MembershipOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new MembershipOptionsValidator().Validate(null, new MembershipOptions()).Succeeded);
    }

    [Fact]
    public void LeaseNoLongerThanTheHeartbeat_IsRejected_NamingTheKey()
    {
        var options = new MembershipOptions { HeartbeatPeriod = TimeSpan.FromSeconds(2), LeaseTimeout = TimeSpan.FromSeconds(2) };

        var result = new MembershipOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("ClawChat:Cluster:Membership:LeaseTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void NonPositiveTimings_AreRejected()
    {
        var options = new MembershipOptions { ProbeTimeout = TimeSpan.Zero, MaxVotesForDeath = 0 };

        var result = new MembershipOptionsValidator().Validate(null, options);

        Assert.Contains("ProbeTimeout", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("MaxVotesForDeath", result.FailureMessage, StringComparison.Ordinal);
    }
}
