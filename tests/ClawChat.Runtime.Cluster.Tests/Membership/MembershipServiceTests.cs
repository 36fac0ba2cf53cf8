using System.Collections.Concurrent;
using System.Diagnostics;
using ClawChat.Runtime.Cluster.Membership;
using Xunit.Abstractions;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>
/// <see cref="MembershipService"/> over the in-memory table and a fake network, on the real clock with
/// short timings (<see cref="MembershipTestCluster.FastOptions"/>), except the two tests that measure
/// detection with the brief's default timings.
/// </summary>
public sealed class MembershipServiceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper _output;

    public MembershipServiceTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Join_MakesEverySiloActive_AndEachSeesTheOthers()
    {
        await using var cluster = new MembershipTestCluster();

        var silos = new[] { await cluster.StartAsync(1), await cluster.StartAsync(2), await cluster.StartAsync(3) };

        foreach (var silo in silos)
        {
            Assert.Equal(SiloStatus.Active, silo.LocalStatus);
            Assert.True(silo.HasValidLease);
            await Eventually.WaitUntilAsync(() => silo.Current.ActiveSilos.Count == 3, Deadline, $"{silo.LocalSilo} sees 3 Active silos");
        }

        var row = (await cluster.Store.ReadAllAsync(default)).Members[silos[0].LocalSilo];
        Assert.Equal(("silo-1", 8001, 800L), (row.Name, row.HttpPort, row.LeaseMs));
    }

    [Theory]
    [InlineData(2, FakeNodeState.Crashed)]
    [InlineData(2, FakeNodeState.Hung)]
    [InlineData(3, FakeNodeState.Crashed)]
    [InlineData(3, FakeNodeState.Hung)]
    public async Task PeerThatStopsAnswering_IsDeclaredDead(int silos, FakeNodeState how)
    {
        await using var cluster = new MembershipTestCluster();
        var members = new List<MembershipService>();
        for (var n = 1; n <= silos; n++)
        {
            members.Add(await cluster.StartAsync(n));
        }

        var victim = members[^1];
        await Eventually.WaitUntilAsync(() => members.All(m => m.Current.ActiveSilos.Count == silos), Deadline, "every silo sees the others");

        await cluster.CrashAsync(victim, how);
        var elapsed = await Eventually.WaitUntilAsync(
            async () => await cluster.StatusInTableAsync(victim.LocalSilo) == SiloStatus.Dead, Deadline, $"{victim.LocalSilo} declared Dead");

        _output.WriteLine($"{silos} silos, {how}: Dead after {elapsed.TotalMilliseconds:0} ms (probe {cluster.Options.ProbeInterval.TotalMilliseconds} ms × {cluster.Options.MissedProbesLimit}; degraded: {cluster.AnySiloWasDegraded})");
        var bound = cluster.DetectionBound(TimeSpan.FromSeconds(2));
        Assert.True(elapsed < bound, $"detection took {elapsed}, bound {bound}");
        foreach (var survivor in members.Take(silos - 1))
        {
            await Eventually.WaitUntilAsync(() => survivor.Current.StatusOf(victim.LocalSilo) == SiloStatus.Dead, Deadline, $"{survivor.LocalSilo} sees the death");
            Assert.False(survivor.IsKilled);
        }
    }

    [Theory]
    [InlineData(FakeNodeState.Crashed)]
    [InlineData(FakeNodeState.Hung)]
    public async Task PeerThatStopsAnswering_WithDefaultTimings_IsDeadWithinTheBriefsWindow(FakeNodeState how)
    {
        // Brief C4: kill -9 with the host alive ≈ 2–4 s; host or network gone ≈ 4–5 s.
        await using var cluster = new MembershipTestCluster(new MembershipOptions());
        var members = new[] { await cluster.StartAsync(1), await cluster.StartAsync(2), await cluster.StartAsync(3) };
        await Eventually.WaitUntilAsync(() => members.All(m => m.Current.ActiveSilos.Count == 3), Deadline, "every silo sees the others");

        await cluster.CrashAsync(members[2], how);
        var elapsed = await Eventually.WaitUntilAsync(
            async () => await cluster.StatusInTableAsync(members[2].LocalSilo) == SiloStatus.Dead, TimeSpan.FromSeconds(15), "the crashed silo declared Dead");

        _output.WriteLine($"default timings, 3 silos, {how}: Dead after {elapsed.TotalMilliseconds:0} ms (degraded: {cluster.AnySiloWasDegraded})");
        var bound = cluster.DetectionBound(TimeSpan.FromSeconds(how == FakeNodeState.Crashed ? 4.5 : 6));
        Assert.True(elapsed < bound, $"detection took {elapsed}, bound {bound}");
    }

    [Fact]
    public async Task Lease_Lapses_WhenHeartbeatsFail_AndReturns_WhenTheTableRecovers()
    {
        await using var cluster = new MembershipTestCluster();
        var silo = await cluster.StartAsync(1);
        Assert.True(silo.HasValidLease);

        cluster.Store.IsUnavailable = true;
        var fenced = await Eventually.WaitUntilAsync(() => !silo.HasValidLease, Deadline, "the lease to lapse while the table is down");

        // Valid for LeaseTimeout − margin (800 − 200 ms) after the last successful send, which happened
        // before the outage: so the lease is gone within 600 ms (plus polling slack). No lower bound: a
        // starved heartbeat loop legitimately fences earlier.
        _output.WriteLine($"fenced {fenced.TotalMilliseconds:0} ms after the outage began");
        Assert.True(fenced < TimeSpan.FromMilliseconds(1500), $"fenced only after {fenced}");

        cluster.Store.IsUnavailable = false;
        await Eventually.WaitUntilAsync(() => silo.HasValidLease, Deadline, "the lease to return after the table recovered");
        Assert.False(silo.IsKilled);
    }

    [Fact]
    public async Task Lease_StaysValid_WhenFencingIsOff()
    {
        var options = MembershipTestCluster.FastOptions();
        options.Fencing = FencingMode.Off;
        await using var cluster = new MembershipTestCluster(options);
        var silo = await cluster.StartAsync(1);

        cluster.Store.IsUnavailable = true;

        // A duration is the point here: the lease would have lapsed after 600 ms.
        await Task.Delay(options.LeaseTimeout + TimeSpan.FromMilliseconds(200));
        Assert.True(silo.HasValidLease);
    }

    [Fact]
    public async Task Killed_IsRaised_WhenTheTableDeclaresThisSiloDead()
    {
        await using var cluster = new MembershipTestCluster();
        var silo = await cluster.StartAsync(1);
        var reasons = new ConcurrentQueue<string>();
        silo.Killed += reasons.Enqueue;

        await cluster.Store.SetStatusAsync(silo.LocalSilo, SiloStatus.Dead, default);

        await Eventually.WaitUntilAsync(() => !reasons.IsEmpty, Deadline, "Killed to be raised");
        Assert.Single(reasons);
        Assert.True(silo.IsKilled);
        Assert.False(silo.HasValidLease);
    }

    [Fact]
    public async Task DegradedSilo_DoublesItsProbeTimeout_AndDoesNotVote()
    {
        await using var cluster = new MembershipTestCluster();
        var observer = await cluster.StartAsync(1);
        var peer = await cluster.StartAsync(2);
        var transport = cluster.TransportOf(observer);
        await Eventually.WaitUntilAsync(() => observer.Current.ActiveSilos.Count == 2, Deadline, "the observer sees the peer");

        // A 1 s timer lag keeps the observer degraded for LocalHealthMonitor.DegradedHold (5 s).
        observer.Health.RecordLag(TimeSpan.FromSeconds(1), TimeProvider.System.GetTimestamp());
        cluster.Network.SetState(peer.LocalSilo, FakeNodeState.Hung);
        var before = transport.PingsTo(peer.LocalSilo);
        var enough = before + cluster.Options.MissedProbesLimit + 3;
        await Eventually.WaitUntilAsync(() => transport.PingsTo(peer.LocalSilo) >= enough, Deadline, $"{enough} probes of the hung peer");

        Assert.Equal(cluster.Options.ProbeTimeout * 2, transport.LastPingTimeout);
        var row = (await cluster.Store.ReadAllAsync(default)).Members[peer.LocalSilo];
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Empty(row.Suspects);
    }

    [Fact]
    public async Task Restart_AfterTotalLoss_StaleActiveRowsDoNotBlockJoin_AndAreVotedDead()
    {
        await using var cluster = new MembershipTestCluster();
        var old = new[] { cluster.Address(1), cluster.Address(2), cluster.Address(3) };
        foreach (var silo in old)
        {
            await cluster.Store.JoinAsync(new MemberRecord(silo, "old", 8000, SiloStatus.Joining, 0, 0, null, [], 800), default);
            await cluster.Store.SetStatusAsync(silo, SiloStatus.Active, default);
        }

        await Eventually.WaitUntilAsync(
            async () =>
            {
                var snapshot = await cluster.Store.ReadAllAsync(default);
                return old.All(s => snapshot.IsStale(s, cluster.Options.StaleAfter));
            },
            Deadline,
            "the old rows to turn stale");

        var joining = Stopwatch.StartNew();
        var fresh = await cluster.StartAsync(10);
        joining.Stop();

        Assert.Equal(SiloStatus.Active, fresh.LocalStatus);
        Assert.True(joining.Elapsed < cluster.Options.JoinTimeout, $"join took {joining.Elapsed}");
        foreach (var silo in old)
        {
            await Eventually.WaitUntilAsync(async () => await cluster.StatusInTableAsync(silo) == SiloStatus.Dead, Deadline, $"old row {silo} voted Dead");
        }

        Assert.True(fresh.HasValidLease);
        Assert.Equal([fresh.LocalSilo], fresh.Current.ActiveSilos);
    }

    [Fact]
    public async Task Join_Aborts_WhenAFreshActiveMemberStaysUnreachable()
    {
        await using var cluster = new MembershipTestCluster();
        var member = await cluster.StartAsync(1);
        var joiner = cluster.Create(2);
        cluster.Network.Cut(joiner.LocalSilo, member.LocalSilo);
        var elapsed = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MembershipJoinException>(() => joiner.JoinAsync(default));

        Assert.Equal([member.LocalSilo], error.Unreachable);
        Assert.True(elapsed.Elapsed >= cluster.Options.JoinTimeout, $"gave up after {elapsed.Elapsed}");
        Assert.Equal(SiloStatus.Dead, await cluster.StatusInTableAsync(joiner.LocalSilo));
        Assert.False(joiner.HasValidLease);
        Assert.Equal(SiloStatus.Active, await cluster.StatusInTableAsync(member.LocalSilo));
    }

    [Fact]
    public async Task Join_Proceeds_WhenAnUnreachableMemberTurnsStaleMeanwhile()
    {
        var options = MembershipTestCluster.FastOptions();
        options.JoinTimeout = TimeSpan.FromSeconds(5);
        await using var cluster = new MembershipTestCluster(options);
        var crashed = await cluster.StartAsync(1);
        await cluster.CrashAsync(crashed);

        var joined = Stopwatch.StartNew();
        var joiner = await cluster.StartAsync(2);

        Assert.Equal(SiloStatus.Active, joiner.LocalStatus);
        Assert.True(joined.Elapsed < cluster.Options.JoinTimeout, $"join took {joined.Elapsed}");
        await Eventually.WaitUntilAsync(async () => await cluster.StatusInTableAsync(crashed.LocalSilo) == SiloStatus.Dead, Deadline, "the crashed member voted Dead");
    }

    [Fact]
    public async Task GracefulLeave_GoesThroughShuttingDownToDead_WithoutKill()
    {
        await using var cluster = new MembershipTestCluster();
        var stayer = await cluster.StartAsync(1);
        var leaver = await cluster.StartAsync(2);
        var killed = false;
        leaver.Killed += _ => killed = true;

        await leaver.LeaveAsync(default);

        Assert.Equal(SiloStatus.ShuttingDown, leaver.LocalStatus);
        Assert.True(leaver.HasValidLease, "the lease must outlive ShuttingDown so grains can deactivate");
        await Eventually.WaitUntilAsync(() => stayer.Current.StatusOf(leaver.LocalSilo) == SiloStatus.ShuttingDown, Deadline, "the stayer sees ShuttingDown");
        Assert.DoesNotContain(leaver.LocalSilo, stayer.Current.ActiveSilos);

        await leaver.MarkDeadAsync(default);

        Assert.False(leaver.HasValidLease);
        await Eventually.WaitUntilAsync(() => stayer.Current.StatusOf(leaver.LocalSilo) == SiloStatus.Dead, Deadline, "the stayer sees Dead");
        Assert.False(killed);
        Assert.False(stayer.IsKilled);
        Assert.Empty((await cluster.Store.ReadAllAsync(default)).Members[leaver.LocalSilo].Suspects);
    }

    [Fact]
    public async Task Gossip_AloneBringsPeersUpToDate()
    {
        var options = MembershipTestCluster.FastOptions();
        options.HeartbeatPeriod = TimeSpan.FromSeconds(10);
        options.LeaseTimeout = TimeSpan.FromSeconds(30);
        options.StaleAfter = TimeSpan.FromSeconds(30);
        options.RefreshPeriod = TimeSpan.FromMinutes(1);
        await using var cluster = new MembershipTestCluster(options, store => new FeedlessMembershipTable(store));
        var first = await cluster.StartAsync(1);

        var second = await cluster.StartAsync(2);

        await Eventually.WaitUntilAsync(() => first.Current.StatusOf(second.LocalSilo) == SiloStatus.Active, TimeSpan.FromSeconds(2), "gossip to deliver the join");
    }

    [Fact]
    public async Task HeartbeatReply_WithANewerVersion_RefreshesTheSnapshot()
    {
        var options = MembershipTestCluster.FastOptions();
        options.RefreshPeriod = TimeSpan.FromMinutes(1);
        await using var cluster = new MembershipTestCluster(options, store => new FeedlessMembershipTable(store));
        cluster.Network.DeliverGossip = false;
        var first = await cluster.StartAsync(1);

        var second = await cluster.StartAsync(2);

        await Eventually.WaitUntilAsync(() => first.Current.StatusOf(second.LocalSilo) == SiloStatus.Active, TimeSpan.FromSeconds(2), "a heartbeat reply to trigger a refresh");
    }

    [Fact]
    public async Task SnapshotChanged_OnlyAnnouncesStrictlyNewerVersions()
    {
        await using var cluster = new MembershipTestCluster();
        var observer = await cluster.StartAsync(1);
        var versions = new ConcurrentQueue<long>();
        observer.SnapshotChanged += s => versions.Enqueue(s.Version);

        await cluster.StartAsync(2);
        var third = await cluster.StartAsync(3);
        await third.LeaveAsync(default);
        await third.MarkDeadAsync(default);
        await Eventually.WaitUntilAsync(() => observer.Current.StatusOf(third.LocalSilo) == SiloStatus.Dead, Deadline, "the observer sees the leave");

        var seen = versions.ToArray();
        Assert.NotEmpty(seen);
        Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} after {pair.First}"));
        Assert.Equal(observer.Current.Version, seen[^1]);
    }

    [Fact]
    public async Task RefreshAsync_ReadsOnlyWhenTheViewIsOlder()
    {
        await using var cluster = new MembershipTestCluster();
        var silo = await cluster.StartAsync(1);
        var version = silo.Current.Version;
        cluster.Store.IsUnavailable = true;

        await silo.RefreshAsync(version, default);
        await Assert.ThrowsAsync<TimeoutException>(() => silo.RefreshAsync(version + 1, default));
    }

    [Fact]
    public async Task SuccessfulIndirectProbe_PreventsAVote()
    {
        await using var cluster = new MembershipTestCluster();
        var observer = await cluster.StartAsync(1);
        await cluster.StartAsync(2);
        var target = await cluster.StartAsync(3);
        var transport = cluster.TransportOf(observer);
        await Eventually.WaitUntilAsync(() => observer.Current.ActiveSilos.Count == 3, Deadline, "the observer sees everyone");

        cluster.Network.Cut(observer.LocalSilo, target.LocalSilo);
        var enough = transport.PingsTo(target.LocalSilo) + (2 * cluster.Options.MissedProbesLimit) + 1;
        await Eventually.WaitUntilAsync(() => transport.PingsTo(target.LocalSilo) >= enough, Deadline, "two suspicion cycles of probes");

        var row = (await cluster.Store.ReadAllAsync(default)).Members[target.LocalSilo];
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Empty(row.Suspects);
    }

    [Fact]
    public async Task JoinAsync_Twice_Throws()
    {
        await using var cluster = new MembershipTestCluster();
        var silo = await cluster.StartAsync(1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.JoinAsync(default));
    }

    [Fact]
    public async Task HasValidLease_IsFalse_BeforeJoining()
    {
        await using var cluster = new MembershipTestCluster();
        var silo = cluster.Create(1);

        Assert.False(silo.HasValidLease);
        Assert.Equal(SiloStatus.None, silo.LocalStatus);
        Assert.Equal(MembershipSnapshot.Empty, silo.Current);
    }
}
