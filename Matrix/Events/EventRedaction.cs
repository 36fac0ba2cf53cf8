using System.Text.Json.Nodes;

namespace ClawChat.Matrix.Events;

/// <summary>
/// The redaction algorithm (DIGEST §3.4; spec "Redactions" in the room version specs). It is applied
/// both when an event is redacted and, on a copy, to compute every event's reference hash, so the
/// kept-key lists must match the spec exactly or event IDs will differ from other servers'.
/// </summary>
public static class EventRedaction
{
    // v11: event_id type room_id sender state_key content hashes signatures depth prev_events auth_events origin_server_ts.
    private static readonly HashSet<string> TopLevelKeysV11 = new(StringComparer.Ordinal)
    {
        "event_id", "type", "room_id", "sender", "state_key", "content", "hashes",
        "signatures", "depth", "prev_events", "auth_events", "origin_server_ts",
    };

    // v10 and earlier additionally keep origin, membership and prev_state.
    private static readonly HashSet<string> TopLevelKeysV10 = new(TopLevelKeysV11, StringComparer.Ordinal)
    {
        "origin", "membership", "prev_state",
    };

    /// <summary>Returns a redacted deep copy of <paramref name="pdu"/>; the input is not modified.</summary>
    public static JsonObject Redact(JsonObject pdu, RoomVersion version)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        ArgumentNullException.ThrowIfNull(version);
        var keep = version.RedactionRulesV11 ? TopLevelKeysV11 : TopLevelKeysV10;
        var type = pdu["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var t) ? t : string.Empty;
        var result = new JsonObject();
        foreach (var (key, value) in pdu)
        {
            if (!keep.Contains(key))
            {
                continue;
            }

            result[key] = string.Equals(key, "content", StringComparison.Ordinal)
                ? RedactContent(type, value as JsonObject, version)
                : value?.DeepClone();
        }

        return result;
    }

    /// <summary>The content an event of <paramref name="type"/> keeps after redaction (a new object).</summary>
    public static JsonObject RedactContent(string type, JsonObject? content, RoomVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var result = new JsonObject();
        if (content is null)
        {
            return result;
        }

        var v11 = version.RedactionRulesV11;
        switch (type)
        {
            case EventTypes.Member:
                CopyKeys(content, result, "membership", "join_authorised_via_users_server");
                // v11 keeps only the 'signed' part of a third-party invite, so that the invite's
                // signature can still be checked on the redacted event.
                if (v11 && content["third_party_invite"] is JsonObject thirdParty && thirdParty.ContainsKey("signed"))
                {
                    result["third_party_invite"] = new JsonObject { ["signed"] = thirdParty["signed"]?.DeepClone() };
                }

                break;
            case EventTypes.Create:
                if (v11)
                {
                    // v11 keeps the whole create content (room_version, type, predecessor, m.federate…).
                    foreach (var (key, value) in content)
                    {
                        result[key] = value?.DeepClone();
                    }
                }
                else
                {
                    CopyKeys(content, result, "creator");
                }

                break;
            case EventTypes.JoinRules:
                CopyKeys(content, result, "join_rule", "allow");
                break;
            case EventTypes.PowerLevels:
                CopyKeys(content, result, "ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default");
                if (v11)
                {
                    CopyKeys(content, result, "invite");
                }

                break;
            case EventTypes.HistoryVisibility:
                CopyKeys(content, result, "history_visibility");
                break;
            case EventTypes.Redaction:
                if (v11)
                {
                    CopyKeys(content, result, "redacts");
                }

                break;
        }

        return result;
    }

    private static void CopyKeys(JsonObject from, JsonObject to, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (from.TryGetPropertyValue(key, out var value))
            {
                to[key] = value?.DeepClone();
            }
        }
    }
}
