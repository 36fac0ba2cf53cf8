using System.Text.Json;

namespace ClawChat.Matrix.Events;

/// <summary>
/// A room event in federation format (DIGEST §3.1), room versions 10/11. What we store and hash:
/// <c>room_id, sender, type, state_key?, content, origin_server_ts, prev_events, auth_events, depth,
/// hashes.sha256</c> and, for v10 redactions, top-level <c>redacts</c>. There is no <c>event_id</c> field
/// (v3+ derive it from the reference hash), no <c>signatures</c> (we do not federate yet; signing later
/// does not change the content hash or the event ID, both of which exclude signatures), and
/// <see cref="Unsigned"/> is carried but never hashed. Top-level keys outside this list are not kept,
/// which is fine while every event is one we built.
/// </summary>
public sealed partial class Pdu
{
    /// <summary>Events may not exceed 65 536 bytes as canonical JSON in federation format (DIGEST §1).</summary>
    public const int MaxSizeBytes = 65536;

    /// <summary><c>type</c> and <c>state_key</c> are limited to 255 bytes (DIGEST §1).</summary>
    public const int MaxTypeOrStateKeyBytes = 255;

    /// <summary>Limits on DAG edges per event (DIGEST §3.1).</summary>
    public const int MaxPrevEvents = 20;

    public const int MaxAuthEvents = 10;

    private Pdu()
    {
    }

    /// <summary><c>$</c> + URL-safe unpadded base64 of the reference hash.</summary>
    public required string EventId { get; init; }

    public required string RoomId { get; init; }

    public required string Sender { get; init; }

    public required string Type { get; init; }

    public string? StateKey { get; init; }

    public required JsonElement Content { get; init; }

    public required long OriginServerTs { get; init; }

    public required IReadOnlyList<string> PrevEvents { get; init; }

    public required IReadOnlyList<string> AuthEvents { get; init; }

    public required long Depth { get; init; }

    /// <summary>Unpadded base64 SHA-256 content hash (<c>hashes.sha256</c>).</summary>
    public required string ContentHash { get; init; }

    /// <summary>Top-level <c>redacts</c>; only present on v10 (and older) redaction events.</summary>
    public string? Redacts { get; init; }

    /// <summary>Server-local extras (e.g. <c>redacted_because</c>); not covered by any hash.</summary>
    public JsonElement? Unsigned { get; init; }

    public bool IsState => StateKey is not null;

    /// <summary>Whether this is the state event (<paramref name="type"/>, <paramref name="stateKey"/>).</summary>
    public bool IsStateOf(string type, string stateKey) =>
        StateKey is not null && string.Equals(Type, type, StringComparison.Ordinal) && string.Equals(StateKey, stateKey, StringComparison.Ordinal);

    /// <summary>
    /// The event an <c>m.room.redaction</c> targets: <c>content.redacts</c> in v11+, top-level
    /// <c>redacts</c> before that (DIGEST §3.3). Null for other events or a malformed redaction.
    /// </summary>
    public string? GetRedactsTarget(RoomVersion version)
    {
        if (!string.Equals(Type, EventTypes.Redaction, StringComparison.Ordinal))
        {
            return null;
        }

        if (!version.RedactsInContent)
        {
            return Redacts;
        }

        return Content.ValueKind == JsonValueKind.Object
            && Content.TryGetProperty("redacts", out var redacts)
            && redacts.ValueKind == JsonValueKind.String
                ? redacts.GetString()
                : null;
    }

    /// <summary>A string-valued content property, or null when absent or not a string.</summary>
    public string? GetContentString(string name) =>
        Content.ValueKind == JsonValueKind.Object
        && Content.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A copy of this event carrying different <c>unsigned</c> data (hashes and ID unchanged).</summary>
    public Pdu WithUnsigned(JsonElement? unsigned) => new()
    {
        EventId = EventId,
        RoomId = RoomId,
        Sender = Sender,
        Type = Type,
        StateKey = StateKey,
        Content = Content,
        OriginServerTs = OriginServerTs,
        PrevEvents = PrevEvents,
        AuthEvents = AuthEvents,
        Depth = Depth,
        ContentHash = ContentHash,
        Redacts = Redacts,
        Unsigned = unsigned?.Clone(),
    };

    public override string ToString() => $"{EventId} {Type}{(StateKey is null ? string.Empty : $"[{StateKey}]")} from {Sender}";
}
