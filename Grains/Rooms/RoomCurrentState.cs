using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// The room's current state map, (type, state_key) → the entry that set it, used directly as the state the auth
/// rules check new events against (DIGEST §4.3 "current state"). A redacted state event stays in the map in its
/// redacted form: it still counts as state (DIGEST §3.4).
/// </summary>
internal sealed class RoomCurrentState : IAuthState
{
    private readonly Dictionary<(string Type, string StateKey), TimelineEntry> _entries = [];

    public int Count => _entries.Count;

    public IEnumerable<TimelineEntry> Entries => _entries.Values;

    public Pdu? GetStateEvent(string type, string stateKey) => Get(type, stateKey)?.Pdu;

    public TimelineEntry? Get(string type, string stateKey) =>
        _entries.TryGetValue((type, stateKey), out var entry) ? entry : null;

    public void Set(TimelineEntry entry)
    {
        if (entry.Pdu.StateKey is { } stateKey)
        {
            _entries[(entry.Pdu.Type, stateKey)] = entry;
        }
    }

    /// <summary>Replaces the entry holding <paramref name="eventId"/> (if it is current state) with its redacted form.</summary>
    public void Redact(string eventId, RoomVersion version)
    {
        foreach (var (key, entry) in _entries)
        {
            if (string.Equals(entry.EventId, eventId, StringComparison.Ordinal))
            {
                _entries[key] = entry.WithPdu(entry.Pdu.Redact(version));
                return;
            }
        }
    }

    public IEnumerable<TimelineEntry> Members() =>
        _entries.Where(e => e.Key.Type == EventTypes.Member).Select(e => e.Value);
}
