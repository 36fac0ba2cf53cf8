using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Json;

namespace ClawChat.Matrix.Events;

public sealed partial class Pdu
{
    /// <summary>
    /// Completes a draft: places <c>redacts</c> per room version, computes <c>hashes.sha256</c> and then the
    /// event ID (DIGEST §3.2). Throws <see cref="MatrixException"/> with M_BAD_JSON when the content is not
    /// an object or not canonical-JSON-representable (floats, huge ints), or when <c>type</c>/<c>state_key</c>
    /// are too long; M_TOO_LARGE when the event exceeds 65 536 bytes.
    /// </summary>
    public static Pdu Create(PduDraft draft, RoomVersion version)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(version);
        if (draft.Content.ValueKind != JsonValueKind.Object)
        {
            throw MatrixException.BadJson("Event content must be a JSON object.");
        }

        if (Encoding.UTF8.GetByteCount(draft.Type) > MaxTypeOrStateKeyBytes)
        {
            throw MatrixException.BadJson("Event type exceeds 255 bytes.");
        }

        if (draft.StateKey is not null && Encoding.UTF8.GetByteCount(draft.StateKey) > MaxTypeOrStateKeyBytes)
        {
            throw MatrixException.BadJson("State key exceeds 255 bytes.");
        }

        if (draft.PrevEvents.Count > MaxPrevEvents || draft.AuthEvents.Count > MaxAuthEvents)
        {
            throw new ArgumentException("Too many prev_events or auth_events.", nameof(draft));
        }

        var content = draft.Content.Clone();
        string? topLevelRedacts = null;
        if (draft.Redacts is not null)
        {
            if (version.RedactsInContent)
            {
                if (!content.TryGetProperty("redacts", out _))
                {
                    var withRedacts = JsonObject.Create(content)!;
                    withRedacts["redacts"] = draft.Redacts;
                    content = JsonSerializer.SerializeToElement(withRedacts);
                }
            }
            else
            {
                topLevelRedacts = draft.Redacts;
            }
        }

        var pdu = new Pdu
        {
            EventId = string.Empty,
            RoomId = draft.RoomId,
            Sender = draft.Sender,
            Type = draft.Type,
            StateKey = draft.StateKey,
            Content = content,
            OriginServerTs = draft.OriginServerTs,
            PrevEvents = [.. draft.PrevEvents],
            AuthEvents = [.. draft.AuthEvents],
            Depth = draft.Depth,
            ContentHash = string.Empty,
            Redacts = topLevelRedacts,
        };

        var json = pdu.ToFederationJson(includeUnsigned: false);
        json.Remove("hashes");
        string contentHash;
        try
        {
            contentHash = EventHashing.ComputeContentHash(json);
        }
        catch (CanonicalJsonException ex)
        {
            throw MatrixException.BadJson(ex.Message);
        }

        json["hashes"] = new JsonObject { ["sha256"] = contentHash };
        if (CanonicalJson.Encode(json).Length > MaxSizeBytes)
        {
            throw MatrixException.TooLarge("Event exceeds 65536 bytes.");
        }

        return new Pdu
        {
            EventId = EventHashing.ComputeEventId(json, version).Value,
            RoomId = pdu.RoomId,
            Sender = pdu.Sender,
            Type = pdu.Type,
            StateKey = pdu.StateKey,
            Content = pdu.Content,
            OriginServerTs = pdu.OriginServerTs,
            PrevEvents = pdu.PrevEvents,
            AuthEvents = pdu.AuthEvents,
            Depth = pdu.Depth,
            ContentHash = contentHash,
            Redacts = pdu.Redacts,
        };
    }

    /// <summary>
    /// The redacted form of this event under <paramref name="version"/>'s algorithm: same event ID and hashes,
    /// stripped content, no unsigned data (the caller adds <c>redacted_because</c>). A redacted state event
    /// is still state (DIGEST §3.4).
    /// </summary>
    public Pdu Redact(RoomVersion version)
    {
        var redacted = EventRedaction.Redact(ToFederationJson(includeUnsigned: false), version);
        return new Pdu
        {
            EventId = EventId,
            RoomId = RoomId,
            Sender = Sender,
            Type = Type,
            StateKey = StateKey,
            Content = JsonSerializer.SerializeToElement(redacted["content"] ?? new JsonObject()),
            OriginServerTs = OriginServerTs,
            PrevEvents = PrevEvents,
            AuthEvents = AuthEvents,
            Depth = Depth,
            ContentHash = ContentHash,
            Redacts = version.RedactionRulesV11 ? null : Redacts,
        };
    }
}
