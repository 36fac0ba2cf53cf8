using ClawChat.Runtime;

namespace ClawChat.Storage.Events;

/// <summary>Argument checks and errors shared by every <see cref="IEventStore"/> implementation, so the
/// backends agree on what is rejected before touching storage.</summary>
internal static class EventStoreGuard
{
    public static void ValidateAppend(string streamId, long expectedLastSequence, IReadOnlyList<NewEvent> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLastSequence);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("At least one event is required.", nameof(events));
        }

        var ids = new HashSet<string>(events.Count, StringComparer.Ordinal);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            ArgumentException.ThrowIfNullOrEmpty(e.EventId, nameof(events));
            ArgumentNullException.ThrowIfNull(e.Type, nameof(events));
            ArgumentNullException.ThrowIfNull(e.Sender, nameof(events));
            if (!ids.Add(e.EventId))
            {
                throw DuplicateEventException.For(e.EventId, null);
            }
        }
    }

    public static void ValidateRead(string streamId, int limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
    }

    public static InconsistentStateException SequenceConflict(string streamId, long? lastSequence, long expectedLastSequence) =>
        new(
            $"Stream '{streamId}' is at sequence {(lastSequence is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "<unknown>")}, expected {expectedLastSequence}: another writer appended first.",
            lastSequence?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            expectedLastSequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
