namespace ClawChat.Storage.Events;

/// <summary>An event to append. <see cref="Payload"/> is the event's JSON as UTF-8 bytes, stored and
/// returned byte for byte (PostgreSQL <c>bytea</c>, SQLite <c>BLOB</c>): jsonb would reorder keys and
/// rewrite numbers, and Matrix hashes and signatures are computed over the event as sent.
/// The other columns are copies of fields inside the payload, kept for indexing.</summary>
/// <param name="StateKey">The state key for state events (may be ""), null for message events.</param>
public sealed record NewEvent(
    string EventId,
    string Type,
    string? StateKey,
    string Sender,
    long OriginServerTs,
    ReadOnlyMemory<byte> Payload);
