using ClawChat.Runtime.Cluster.Membership;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

public sealed class LocalHealthMonitorTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void StartsHealthy()
    {
        Assert.False(Monitor().IsDegraded);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(500, false)]
    [InlineData(501, true)]
    [InlineData(3000, true)]
    public void LagAboveHalfASecond_MakesTheSiloDegraded(int lagMs, bool degraded)
    {
        var monitor = Monitor();

        monitor.RecordLag(TimeSpan.FromMilliseconds(lagMs), _clock.GetTimestamp());

        Assert.Equal(degraded, monitor.IsDegraded);
        Assert.Equal(TimeSpan.FromMilliseconds(lagMs), monitor.LastLag);
    }

    [Fact]
    public void Degradation_LastsForTheHold_ThenEnds()
    {
        var monitor = Monitor();
        monitor.RecordLag(TimeSpan.FromSeconds(1), _clock.GetTimestamp());

        _clock.Advance(LocalHealthMonitor.DegradedHold - TimeSpan.FromMilliseconds(1));
        monitor.RecordLag(TimeSpan.Zero, _clock.GetTimestamp());
        Assert.True(monitor.IsDegraded, "a good sample right after a bad one proves little");

        _clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(monitor.IsDegraded);
    }

    [Fact]
    public void EachBadSample_ExtendsTheHold()
    {
        var monitor = Monitor();
        monitor.RecordLag(TimeSpan.FromSeconds(1), _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromSeconds(4));
        monitor.RecordLag(TimeSpan.FromSeconds(1), _clock.GetTimestamp());

        _clock.Advance(TimeSpan.FromSeconds(4));

        Assert.True(monitor.IsDegraded);
    }

    private LocalHealthMonitor Monitor() => new(_clock, NullLogger.Instance);
}
