using ClawChat.Runtime;

namespace ClawChat.Runtime.Tests.Grains;

public class SequenceGrain : Grain, ISequenceGrain
{
    private readonly List<string> _log = [];
    private int _concurrent;
    private int _maxConcurrent;

    public Task RunAsync(string name, int delayMs) => RecordAsync(name, delayMs);

    public Task ReadAsync(string name, int delayMs) => RecordAsync(name, delayMs);

    public Task InterleaveAsync(string name, int delayMs) => RecordAsync(name, delayMs);

    public Task<string[]> GetLogAsync() => Task.FromResult(_log.ToArray());

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(_maxConcurrent);

    private async Task RecordAsync(string name, int delayMs)
    {
        _concurrent++;
        _maxConcurrent = Math.Max(_maxConcurrent, _concurrent);
        _log.Add("start " + name);
        await Task.Delay(delayMs);
        _log.Add("end " + name);
        _concurrent--;
    }
}

[Reentrant]
public sealed class ReentrantSequenceGrain : SequenceGrain, IReentrantSequenceGrain
{
}
