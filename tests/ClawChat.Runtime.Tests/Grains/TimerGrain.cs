using ClawChat.Runtime;

namespace ClawChat.Runtime.Tests.Grains;

public sealed class TimerGrain : Grain, ITimerGrain
{
    private readonly TickCounter _counter;

    public TimerGrain(TickCounter counter)
    {
        _counter = counter;
    }

    public Task StartTimerAsync(int periodMs)
    {
        RegisterGrainTimer(_ =>
        {
            _counter.Tick(GetPrimaryKeyString());
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(periodMs), TimeSpan.FromMilliseconds(periodMs)));
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_counter.Count(GetPrimaryKeyString()));
}

/// <summary>Counts timer ticks outside the grain, so ticks after deactivation would still be seen.</summary>
public sealed class TickCounter
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _ticks = new();

    public int Count(string key) => _ticks.GetValueOrDefault(key);

    public void Tick(string key) => _ticks.AddOrUpdate(key, 1, (_, n) => n + 1);
}
