using System.Collections.Concurrent;

namespace ClawChat.Runtime.Tests.Grains;

/// <summary>Counts activations and deactivations per grain key (a singleton service the test grains get).</summary>
public sealed class ActivationTracker
{
    private readonly ConcurrentDictionary<string, int> _activations = new();
    private readonly ConcurrentDictionary<string, int> _deactivations = new();
    private readonly ConcurrentDictionary<string, int> _live = new();
    private int _maxLive;

    public int Activations(string key) => _activations.GetValueOrDefault(key);

    public int Deactivations(string key) => _deactivations.GetValueOrDefault(key);

    /// <summary>Most activations of one key alive at the same time, over the whole test.</summary>
    public int MaxLiveOfAnyKey => Volatile.Read(ref _maxLive);

    public void Activated(string key)
    {
        _activations.AddOrUpdate(key, 1, (_, n) => n + 1);
        var live = _live.AddOrUpdate(key, 1, (_, n) => n + 1);
        int max;
        while (live > (max = Volatile.Read(ref _maxLive)) && Interlocked.CompareExchange(ref _maxLive, live, max) != max)
        {
        }
    }

    public void Deactivated(string key)
    {
        _deactivations.AddOrUpdate(key, 1, (_, n) => n + 1);
        _live.AddOrUpdate(key, 0, (_, n) => n - 1);
    }
}
