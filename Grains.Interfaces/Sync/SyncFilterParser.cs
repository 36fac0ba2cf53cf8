using System.Text.Json;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>
/// Parses a sync filter (DIGEST §7; spec definitions/sync_filter.yaml): unknown fields are ignored, a known field
/// of the wrong type is 400 M_BAD_JSON (so <c>POST /filter</c> refuses what <c>/sync</c> could not use).
/// </summary>
public static class SyncFilterParser
{
    /// <summary>Largest timeline/presence/account-data <c>limit</c> honoured; bigger values are capped.</summary>
    public const int MaxLimit = 1000;

    public static SyncFilter Parse(JsonElement filter)
    {
        if (filter.ValueKind != JsonValueKind.Object)
        {
            throw MatrixException.BadJson("A filter must be a JSON object.");
        }

        var format = OptionalString(filter, "event_format") ?? "client";
        if (format is not ("client" or "federation"))
        {
            throw MatrixException.BadJson("'event_format' must be 'client' or 'federation'.");
        }

        SyncRoomFilter? room = null;
        if (OptionalObject(filter, "room") is { } roomElement)
        {
            room = new SyncRoomFilter(
                StringArray(roomElement, "rooms"),
                StringArray(roomElement, "not_rooms"),
                OptionalBool(roomElement, "include_leave") ?? false,
                EventFilter(roomElement, "state"),
                EventFilter(roomElement, "timeline"),
                EventFilter(roomElement, "ephemeral"),
                EventFilter(roomElement, "account_data"));
        }

        return new SyncFilter(
            StringArray(filter, "event_fields"),
            format,
            EventFilter(filter, "presence"),
            EventFilter(filter, "account_data"),
            room);
    }

    private static SyncEventFilter? EventFilter(JsonElement parent, string name)
    {
        if (OptionalObject(parent, name) is not { } f)
        {
            return null;
        }

        long? limit = null;
        if (f.TryGetProperty("limit", out var limitElement) && limitElement.ValueKind != JsonValueKind.Null)
        {
            if (limitElement.ValueKind != JsonValueKind.Number || !limitElement.TryGetInt64(out var l))
            {
                throw MatrixException.BadJson($"'{name}.limit' must be an integer.");
            }

            if (l < 0)
            {
                throw MatrixException.BadJson($"'{name}.limit' must not be negative.");
            }

            limit = l;
        }

        return new SyncEventFilter(
            limit is null ? null : (int)Math.Min(limit.Value, MaxLimit),
            StringArray(f, "types"),
            StringArray(f, "not_types"),
            StringArray(f, "senders"),
            StringArray(f, "not_senders"),
            StringArray(f, "rooms"),
            StringArray(f, "not_rooms"),
            OptionalBool(f, "contains_url"),
            OptionalBool(f, "lazy_load_members") ?? false,
            OptionalBool(f, "include_redundant_members") ?? false,
            OptionalBool(f, "unread_thread_notifications") ?? false);
    }

    private static JsonElement? OptionalObject(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw MatrixException.BadJson($"'{name}' must be an object.");
    }

    private static string? OptionalString(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw MatrixException.BadJson($"'{name}' must be a string.");
    }

    private static bool? OptionalBool(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw MatrixException.BadJson($"'{name}' must be a boolean."),
        };
    }

    private static List<string>? StringArray(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw MatrixException.BadJson($"'{name}' must be an array of strings.");
        }

        var result = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            result.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw MatrixException.BadJson($"'{name}' must be an array of strings."));
        }

        return result;
    }
}
