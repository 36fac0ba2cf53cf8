namespace ClawChat.Storage.Events;

/// <summary>An event as stored: its stream, its dense 1-based position in that stream, and the
/// columns of <see cref="NewEvent"/> (payload bytes exactly as appended).</summary>
public sealed record StoredEvent(
    string StreamId,
    long Sequence,
    string EventId,
    string Type,
    string? StateKey,
    string Sender,
    long OriginServerTs,
    ReadOnlyMemory<byte> Payload);
