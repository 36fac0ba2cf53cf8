using ClawChat.Runtime.Hosting;
using ClawChat.Runtime.Invocation;
using ClawChat.Runtime.Tests.Grains;
using Xunit;

namespace ClawChat.Runtime.Tests;

public sealed class TimerAndObserverTests
{
    [Fact]
    public async Task Timer_FiresRepeatedly_AndStopsWhenTheGrainDeactivates()
    {
        var silo = new TestSilo();
        var key = TestSilo.NewKey();
        var grain = silo.Factory.GetGrain<ITimerGrain>(key);
        await grain.StartTimerAsync(20);
        await Eventually.TrueAsync(() => silo.Ticks.Count(key) >= 3, "three timer ticks");

        await silo.DisposeAsync();
        var afterStop = silo.Ticks.Count(key);
        await Task.Delay(200);

        Assert.Equal(afterStop, silo.Ticks.Count(key));
    }

    [Fact]
    public async Task Observer_IsWokenByAGrainNotification()
    {
        await using var silo = new TestSilo();
        var waiter = new Waiter();
        var reference = silo.Factory.CreateObjectReference<IWaiter>(waiter);
        var notifier = silo.Factory.GetGrain<INotifierGrain>(TestSilo.NewKey());
        await notifier.SubscribeAsync(reference);

        await notifier.PublishAsync("new event in !room");

        Assert.Equal("new event in !room", await waiter.Woken.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task DeletedObserver_IsNoLongerCalled_AndThePublisherIsUnaffected()
    {
        await using var silo = new TestSilo();
        var waiter = new Waiter();
        var reference = silo.Factory.CreateObjectReference<IWaiter>(waiter);
        var notifier = silo.Factory.GetGrain<INotifierGrain>(TestSilo.NewKey());
        await notifier.SubscribeAsync(reference);
        silo.Factory.DeleteObjectReference(reference);

        await notifier.PublishAsync("ignored");
        await Task.Delay(50);

        Assert.False(waiter.Woken.Task.IsCompleted);
    }

    [Fact]
    public async Task MemoryPressure_ShedsIdleActivations_ButNeverABusyOne()
    {
        var probe = new FixedProbe(95);
        await using var silo = new TestSilo(memoryProbe: probe);
        var idle = Enumerable.Range(0, 10).Select(_ => silo.Factory.GetGrain<ICounterGrain>(TestSilo.NewKey())).ToList();
        foreach (var grain in idle)
        {
            await grain.AddAsync(1);
        }

        var busy = silo.Factory.GetGrain<IFaultyGrain>(TestSilo.NewKey());
        var hanging = busy.HangAsync(1000);
        var busyId = ((GrainReference)(object)busy).GrainId;

        var shed = silo.Silo.ShedOnMemoryPressure();

        Assert.Equal(3, shed); // (95 - 70) / 95 of 10 idle activations, rounded up
        await Eventually.TrueAsync(() => idle.Count(g => !silo.Factory.IsActive(((GrainReference)(object)g).GrainId)) == 3, "three idle counters to be shed");
        Assert.True(silo.Factory.IsActive(busyId));
        Assert.Equal(1000, await hanging);
    }

    private sealed class Waiter : IWaiter
    {
        public TaskCompletionSource<string> Woken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task WakeAsync(string message)
        {
            Woken.TrySetResult(message);
            return Task.CompletedTask;
        }
    }

    private sealed class FixedProbe(double percent) : IMemoryPressureProbe
    {
        public double UsedPercent() => percent;
    }
}
