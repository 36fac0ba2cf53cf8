using ClawChat.Runtime.Tests.Grains;
using Xunit;

namespace ClawChat.Runtime.Tests;

public sealed class SchedulingTests
{
    [Fact]
    public async Task NonReentrantGrain_RunsOneRequestAtATime_InArrivalOrder()
    {
        await using var silo = new TestSilo();
        var grain = silo.Factory.GetGrain<ISequenceGrain>(TestSilo.NewKey());
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => grain.RunAsync(i.ToString(), 10)));

        var log = await grain.GetLogAsync();
        Assert.Equal(Enumerable.Range(0, 5).SelectMany(i => new[] { "start " + i, "end " + i }), log);
        Assert.Equal(1, await grain.GetMaxConcurrencyAsync());
    }

    [Fact]
    public async Task ReadOnlyRequests_InterleaveWithEachOther()
    {
        await using var silo = new TestSilo();
        var grain = silo.Factory.GetGrain<ISequenceGrain>(TestSilo.NewKey());
        await Task.WhenAll(grain.ReadAsync("a", 100), grain.ReadAsync("b", 100), grain.ReadAsync("c", 100));

        Assert.Equal(3, await grain.GetMaxConcurrencyAsync());
    }

    [Fact]
    public async Task ReadOnlyRequest_WaitsForRunningExclusiveRequest()
    {
        await using var silo = new TestSilo();
        var grain = silo.Factory.GetGrain<ISequenceGrain>(TestSilo.NewKey());
        await Task.WhenAll(grain.RunAsync("write", 50), grain.ReadAsync("read", 1));

        Assert.Equal(["start write", "end write", "start read", "end read"], await grain.GetLogAsync());
    }

    [Fact]
    public async Task AlwaysInterleaveRequest_RunsWhileAnotherRequestIsRunning()
    {
        await using var silo = new TestSilo();
        var grain = silo.Factory.GetGrain<ISequenceGrain>(TestSilo.NewKey());
        await Task.WhenAll(grain.RunAsync("slow", 200), grain.InterleaveAsync("fast", 1));

        Assert.Equal(["start slow", "start fast", "end fast", "end slow"], await grain.GetLogAsync());
    }

    [Fact]
    public async Task ReentrantGrain_InterleavesAllRequests()
    {
        await using var silo = new TestSilo();
        var grain = silo.Factory.GetGrain<IReentrantSequenceGrain>(TestSilo.NewKey());
        await Task.WhenAll(grain.RunAsync("a", 100), grain.RunAsync("b", 100), grain.RunAsync("c", 100));

        Assert.Equal(3, await grain.GetMaxConcurrencyAsync());
    }

    [Fact]
    public async Task CallCycle_OnNonReentrantGrains_FailsFastWithDeadlock()
    {
        await using var silo = new TestSilo(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        var a = TestSilo.NewKey();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DeadlockException>(() => silo.Factory.GetGrain<IPingPongGrain>(a).StartAsync(TestSilo.NewKey(), allowChainReentrancy: false));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"deadlock took {stopwatch.Elapsed} to detect");
        Assert.Equal(RejectionKind.Deadlock, error.Kind);
        Assert.Contains(a, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallChainReentrancy_LetsTheCycleComeBack()
    {
        await using var silo = new TestSilo();
        var a = TestSilo.NewKey();

        var reply = await silo.Factory.GetGrain<IPingPongGrain>(a).StartAsync(TestSilo.NewKey(), allowChainReentrancy: true);

        Assert.Equal("pong from " + a, reply);
    }

    [Fact]
    public async Task FullQueue_RejectsFurtherRequests_AsOverloaded()
    {
        await using var silo = new TestSilo(o => o.DefaultMaxQueue = 5);
        var grain = silo.Factory.GetGrain<ISequenceGrain>(TestSilo.NewKey());
        var running = grain.RunAsync("running", 300);
        var queued = Enumerable.Range(0, 10).Select(i => grain.RunAsync("queued " + i, 0)).ToArray();

        var outcomes = await Task.WhenAll(queued.Select(async t =>
        {
            try
            {
                await t;
                return "ok";
            }
            catch (GrainCallRejectedException e) when (e.Kind == RejectionKind.Overloaded)
            {
                return "rejected";
            }
        }));
        await running;

        Assert.Equal(5, outcomes.Count(o => o == "ok"));
        Assert.Equal(5, outcomes.Count(o => o == "rejected"));
    }
}
