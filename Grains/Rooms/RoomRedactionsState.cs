namespace ClawChat.Grains.Rooms;

/// <summary>
/// Which events of the room are redacted, and by which redaction event. Kept apart from the head because the
/// event store is append-only (a redaction never rewrites the stored event; the redacted form is computed when
/// the event is served) and because this map only changes when something is redacted.
/// </summary>
public sealed class RoomRedactionsState
{
    /// <summary>Target event ID → redaction event ID.</summary>
    public Dictionary<string, string> Redactions { get; set; } = new(StringComparer.Ordinal);
}
