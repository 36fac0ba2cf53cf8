using System.Text.Json;

namespace ClawChat.Matrix.Events;

/// <summary>
/// The fields of a new event before its hashes and ID exist. <see cref="Pdu.Create"/> turns a draft into
/// a <see cref="Pdu"/>. <see cref="Redacts"/> is the target of an <c>m.room.redaction</c>; it is placed at
/// top level (v10) or in <c>content</c> (v11) according to the room version (DIGEST §3.3).
/// </summary>
public sealed record PduDraft
{
    public required string RoomId { get; init; }

    public required string Sender { get; init; }

    public required string Type { get; init; }

    /// <summary>Null for message events; "" is a valid state key.</summary>
    public string? StateKey { get; init; }

    /// <summary>Must be a JSON object.</summary>
    public required JsonElement Content { get; init; }

    public required long OriginServerTs { get; init; }

    /// <summary>At most 20 event IDs (DIGEST §3.1); empty only for the create event.</summary>
    public IReadOnlyList<string> PrevEvents { get; init; } = [];

    /// <summary>At most 10 event IDs, chosen as in DIGEST §4.2 (see <c>AuthEventSelector</c>).</summary>
    public IReadOnlyList<string> AuthEvents { get; init; } = [];

    /// <summary>Max depth of <see cref="PrevEvents"/> + 1; the create event has depth 1.</summary>
    public required long Depth { get; init; }

    public string? Redacts { get; init; }
}
