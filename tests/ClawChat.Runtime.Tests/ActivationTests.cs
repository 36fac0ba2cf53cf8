using ClawChat.Runtime.Invocation;
using ClawChat.Runtime.Tests.Grains;
using Xunit;

namespace ClawChat.Runtime.Tests;

public sealed class ActivationTests
{
    [Fact]
    public async Task ConcurrentFirstCalls_CreateExactlyOneActivation()
    {
        await using var silo = new TestSilo();
        var key = TestSilo.NewKey();
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await silo.Factory.GetGrain<ICounterGrain>(key).AddAsync(1);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(calls);

        Assert.Equal(64, await silo.Factory.GetGrain<ICounterGrain>(key).GetAsync());
        Assert.Equal(Enumerable.Range(1, 64), results.Order());
        Assert.Equal(1, silo.Tracker.Activations(key));
        Assert.Equal(1, silo.Tracker.MaxLiveOfAnyKey);
    }

    [Fact]
    public async Task IdleActivation_IsCollected_AndReactivationRestoresPersistedState()
    {
        await using var silo = new TestSilo(o =>
        {
            o.DefaultCollectionAge = TimeSpan.FromMilliseconds(100);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(50);
        });
        var key = TestSilo.NewKey();
        var counter = silo.Factory.GetGrain<ICounterGrain>(key);
        await counter.AddAsync(5);
        await counter.SaveAsync();

        // On a loaded machine the counter may be collected (and reactivated by SaveAsync) more than once
        // before this point; what matters is that an idle activation goes and the next call brings the
        // saved state back in exactly one new activation.
        var grainId = ((GrainReference)(object)counter).GrainId;
        await Eventually.TrueAsync(() => silo.Tracker.Deactivations(key) >= 1 && !silo.Factory.IsActive(grainId), "the idle counter to be collected");
        var activationsBefore = silo.Tracker.Activations(key);

        Assert.Equal(5, await counter.GetAsync());
        Assert.Equal(activationsBefore + 1, silo.Tracker.Activations(key));
    }

    [Fact]
    public async Task BusyActivation_IsNotCollected()
    {
        await using var silo = new TestSilo(o =>
        {
            o.DefaultCollectionAge = TimeSpan.FromMilliseconds(1);
            o.CollectionQuantum = TimeSpan.FromHours(1);
        });
        var grain = silo.Factory.GetGrain<IFaultyGrain>(TestSilo.NewKey());
        var hanging = grain.HangAsync(500);
        await Task.Delay(20);

        Assert.Equal(0, silo.Silo.CollectIdleActivations());
        Assert.Equal(500, await hanging);
    }

    [Fact]
    public async Task DeactivateOnIdle_DropsUnsavedChanges_AndKeepsSavedOnes()
    {
        await using var silo = new TestSilo();
        var document = silo.Factory.GetGrain<IDocumentGrain>(TestSilo.NewKey());
        await document.SetAsync("saved", write: true);
        await document.SetAsync("unsaved", write: false);
        await document.DeactivateAsync();

        await Eventually.TrueAsync(() => !silo.Factory.IsActive(((GrainReference)(object)document).GrainId), "the document to deactivate");
        Assert.Equal("saved", await document.GetAsync());
    }

    [Fact]
    public async Task GracefulShutdown_DeactivatesGrains_AndTheirStateIsWritten()
    {
        var storage = new ClawChat.Storage.GrainState.InMemoryGrainStorage();
        var key = TestSilo.NewKey();
        var first = new TestSilo(storage: storage);
        await first.Factory.GetGrain<ICounterGrain>(key).AddAsync(7);
        await first.DisposeAsync();
        Assert.Equal(1, first.Tracker.Deactivations(key));

        await using var second = new TestSilo(storage: storage);
        Assert.Equal(7, await second.Factory.GetGrain<ICounterGrain>(key).GetAsync());
    }

    [Fact]
    public async Task Calls_AreRejected_AfterShutdownBegins()
    {
        var silo = new TestSilo();
        await silo.DisposeAsync();

        var error = await Assert.ThrowsAsync<GrainCallRejectedException>(() => silo.Factory.GetGrain<ICounterGrain>(TestSilo.NewKey()).AddAsync(1));
        Assert.Equal(RejectionKind.NotActive, error.Kind);
    }

    [Fact]
    public async Task Shutdown_CancelsRunningCancellableRequests_AndFinishesInTime()
    {
        var silo = new TestSilo(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var waiting = silo.Factory.GetGrain<IFaultyGrain>(TestSilo.NewKey()).WaitForCancellationAsync(CancellationToken.None);
        await Task.Delay(20);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await silo.DisposeAsync();

        Assert.True(await waiting);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {stopwatch.Elapsed}");
    }
}
