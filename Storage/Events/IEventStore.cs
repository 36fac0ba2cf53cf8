namespace ClawChat.Storage.Events;

/// <summary>Append-only event streams (one per room). Each stream has a single writer (the room grain),
/// which makes sequence numbers dense: 1, 2, 3, … with no gaps. Appends are compare-and-swap on the
/// stream's last sequence, so a stale or duplicate activation cannot interleave its events.</summary>
public interface IEventStore
{
    /// <summary>Appends <paramref name="events"/> in one transaction at sequences
    /// <paramref name="expectedLastSequence"/> + 1, + 2, …</summary>
    /// <returns>The stream's new last sequence.</returns>
    /// <exception cref="ClawChat.Runtime.InconsistentStateException">The stream's last sequence is not
    /// <paramref name="expectedLastSequence"/> (another writer appended first); nothing was written.</exception>
    /// <exception cref="DuplicateEventException">An event id is already stored or repeats in the batch;
    /// nothing was written.</exception>
    Task<long> AppendAsync(string streamId, long expectedLastSequence, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> events with sequence greater than
    /// <paramref name="afterSequence"/>, oldest first. Pass 0 to read from the start.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadForwardAsync(string streamId, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> events with sequence less than
    /// <paramref name="beforeSequence"/>, newest first. Pass <see cref="long.MaxValue"/> to read from the end.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadBackwardAsync(string streamId, long beforeSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>The event with this id (in whichever stream holds it), or null.</summary>
    Task<StoredEvent?> GetByIdAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>The stream's last sequence; 0 when the stream is empty.</summary>
    Task<long> GetLastSequenceAsync(string streamId, CancellationToken cancellationToken = default);
}
