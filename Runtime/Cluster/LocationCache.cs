using System.Collections.Concurrent;

namespace ClawChat.Runtime.Cluster;

/// <summary>Where grains were last seen active (grain → silo), so steady-state calls go straight to the
/// right silo without touching Redis. Bounded: when full it is cleared wholesale — cheap, and a miss only
/// costs one rendezvous hop. Entries for a silo are dropped when it is declared dead.</summary>
internal sealed class LocationCache(int capacity)
{
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _entries = new();

    public int Count => _entries.Count;

    public bool TryGet(GrainId grainId, out SiloAddress silo) => _entries.TryGetValue(grainId, out silo!);

    public void Set(GrainId grainId, SiloAddress silo)
    {
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[grainId] = silo;
    }

    public void Remove(GrainId grainId) => _entries.TryRemove(grainId, out _);

    /// <summary>Removes the entry only if it still points at <paramref name="silo"/>.</summary>
    public void Remove(GrainId grainId, SiloAddress silo) => _entries.TryRemove(KeyValuePair.Create(grainId, silo));

    public void RemoveSilo(SiloAddress silo)
    {
        foreach (var entry in _entries)
        {
            if (entry.Value.Equals(silo))
            {
                _entries.TryRemove(entry);
            }
        }
    }
}
