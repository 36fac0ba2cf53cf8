namespace ClawChat.Grains.Rooms;

/// <summary>
/// The newest events of the room, contiguous by position, kept in memory while the room is active so that the
/// common reads (the latest page of <c>/messages</c>, <c>/context</c> of a recent event, an initial sync) touch
/// no storage. Bounded: it holds between <see cref="Capacity"/> and twice that many entries (trimmed in bulk
/// so an append stays O(1) amortised).
/// </summary>
internal sealed class RecentTimeline(int capacity)
{
    private readonly List<TimelineEntry> _entries = [];
    private readonly Dictionary<string, TimelineEntry> _byId = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity;

    public int Count => _entries.Count;

    /// <summary>Position of the oldest entry held; long.MaxValue when empty.</summary>
    public long FirstPosition => _entries.Count == 0 ? long.MaxValue : _entries[0].Position;

    public long LastPosition => _entries.Count == 0 ? 0 : _entries[^1].Position;

    public void Reset(IEnumerable<TimelineEntry> ascending)
    {
        _entries.Clear();
        _byId.Clear();
        foreach (var entry in ascending)
        {
            Add(entry);
        }
    }

    /// <summary>Appends the next entry; a gap (an entry not following the last one) restarts the window.</summary>
    public void Add(TimelineEntry entry)
    {
        if (_entries.Count > 0 && entry.Position != _entries[^1].Position + 1)
        {
            _entries.Clear();
            _byId.Clear();
        }

        _entries.Add(entry);
        _byId[entry.EventId] = entry;
        if (_entries.Count >= 2 * Capacity)
        {
            var excess = _entries.Count - Capacity;
            for (var i = 0; i < excess; i++)
            {
                _byId.Remove(_entries[i].EventId);
            }

            _entries.RemoveRange(0, excess);
        }
    }

    public TimelineEntry? Get(long position)
    {
        if (_entries.Count == 0 || position < _entries[0].Position || position > _entries[^1].Position)
        {
            return null;
        }

        return _entries[(int)(position - _entries[0].Position)];
    }

    public TimelineEntry? Get(string eventId) => _byId.TryGetValue(eventId, out var entry) ? entry : null;
}
