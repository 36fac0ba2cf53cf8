namespace ClawChat.Storage.Events;

/// <summary>Process-local <see cref="IEventStore"/> for unit tests, with the same rules as the SQL stores.
/// Payloads are copied on append so callers cannot mutate stored events.</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly Dictionary<string, List<StoredEvent>> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredEvent> _byId = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<long> AppendAsync(string streamId, long expectedLastSequence, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default)
    {
        EventStoreGuard.ValidateAppend(streamId, expectedLastSequence, events);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var stream = _streams.TryGetValue(streamId, out var existing) ? existing : null;
            long last = stream?.Count ?? 0;
            if (last != expectedLastSequence)
            {
                throw EventStoreGuard.SequenceConflict(streamId, last, expectedLastSequence);
            }

            foreach (var e in events)
            {
                if (_byId.ContainsKey(e.EventId))
                {
                    throw DuplicateEventException.For(e.EventId, null);
                }
            }

            if (stream is null)
            {
                stream = [];
                _streams.Add(streamId, stream);
            }

            foreach (var e in events)
            {
                var stored = new StoredEvent(streamId, ++last, e.EventId, e.Type, e.StateKey, e.Sender, e.OriginServerTs, e.Payload.ToArray());
                stream.Add(stored);
                _byId.Add(e.EventId, stored);
            }

            return Task.FromResult(last);
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadForwardAsync(string streamId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        EventStoreGuard.ValidateRead(streamId, limit);
        lock (_lock)
        {
            if (!_streams.TryGetValue(streamId, out var stream) || afterSequence >= stream.Count)
            {
                return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
            }

            // Sequence n lives at index n - 1.
            var start = (int)Math.Max(0, afterSequence);
            var count = Math.Min(limit, stream.Count - start);
            return Task.FromResult<IReadOnlyList<StoredEvent>>(stream.GetRange(start, count));
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadBackwardAsync(string streamId, long beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        EventStoreGuard.ValidateRead(streamId, limit);
        lock (_lock)
        {
            if (!_streams.TryGetValue(streamId, out var stream) || beforeSequence <= 1)
            {
                return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
            }

            var newest = (int)Math.Min(beforeSequence - 1, stream.Count);
            var result = new List<StoredEvent>(Math.Min(limit, newest));
            for (var sequence = newest; sequence >= 1 && result.Count < limit; sequence--)
            {
                result.Add(stream[sequence - 1]);
            }

            return Task.FromResult<IReadOnlyList<StoredEvent>>(result);
        }
    }

    public Task<StoredEvent?> GetByIdAsync(string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        lock (_lock)
        {
            return Task.FromResult(_byId.TryGetValue(eventId, out var stored) ? stored : null);
        }
    }

    public Task<long> GetLastSequenceAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        lock (_lock)
        {
            return Task.FromResult(_streams.TryGetValue(streamId, out var stream) ? (long)stream.Count : 0L);
        }
    }
}
