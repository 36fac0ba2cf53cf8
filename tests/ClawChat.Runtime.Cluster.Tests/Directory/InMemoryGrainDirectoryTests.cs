using ClawChat.Runtime.Cluster.Directory;
using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Cluster.Tests.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Directory;

/// <summary>The contract suite against <see cref="InMemoryGrainDirectory"/> with a manual clock.</summary>
public sealed class InMemoryGrainDirectoryTests : GrainDirectoryContractTests
{
    private readonly ManualTimeProvider _clock = new();
    private InMemoryMembershipTable? _table;

    protected override Task<(IGrainDirectory Directory, IMembershipTable Membership)> CreateAsync()
    {
        _table = new InMemoryMembershipTable(_clock);
        return Task.FromResult<(IGrainDirectory, IMembershipTable)>((new InMemoryGrainDirectory(_table), _table));
    }

    protected override Task PassTimeAsync(TimeSpan duration)
    {
        _clock.Advance(duration);
        return Task.CompletedTask;
    }

    protected override Task AssertLeaseElapsedAsync(long heartbeatMs, TimeSpan wallClockElapsed)
    {
        Assert.True(_table!.NowMs >= heartbeatMs + (long)LeaseUsed.TotalMilliseconds, "the fake clock passed the lease");
        return Task.CompletedTask;
    }
}
