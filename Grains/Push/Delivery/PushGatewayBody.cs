using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Push;

namespace ClawChat.Grains.Push.Delivery;

/// <summary>
/// The body of <c>POST /_matrix/push/v1/notify</c> (spec push-gateway push_notifier.yaml; DIGEST §15):
/// <c>{"notification": {event_id, room_id, type, sender, sender_display_name, room_name, room_alias,
/// user_is_target, prio, content, counts, devices}}</c>. Pushers with <c>format: event_id_only</c> get only the
/// event id, room id, priority and counts, never content. A counts-only notice (badge update) carries counts and
/// devices. Zero counts are omitted, as the spec asks. Each device carries the pusher's <c>data</c> minus
/// <c>url</c> (the spec: forward everything else, <c>format</c> and custom keys included).
/// </summary>
internal static class PushGatewayBody
{
    public const string EventIdOnlyFormat = "event_id_only";

    public static byte[] Build(string userId, PushNotice notice, PushRoomDetails details, IReadOnlyList<Pusher> devices, bool eventIdOnly)
    {
        var notification = new JsonObject();
        if (notice.EventId is not null)
        {
            notification["event_id"] = notice.EventId;
            notification["room_id"] = notice.RoomId;
            if (!eventIdOnly && notice.Event is { } e)
            {
                Copy(e, "type", notification);
                Copy(e, "sender", notification);
                Put(notification, "sender_display_name", details.SenderDisplayName);
                Put(notification, "room_name", details.RoomName);
                Put(notification, "room_alias", details.RoomAlias);
                if (Str(e, "type") == "m.room.member" && Str(e, "state_key") == userId)
                {
                    notification["user_is_target"] = true;
                }

                if (e.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object)
                {
                    notification["content"] = JsonNode.Parse(content.GetRawText());
                }
            }

            Put(notification, "prio", notice.Prio);
        }

        var counts = new JsonObject();
        if (notice.Unread > 0)
        {
            counts["unread"] = notice.Unread;
        }

        notification["counts"] = counts;
        var array = new JsonArray();
        foreach (var pusher in devices)
        {
            var device = new JsonObject
            {
                ["app_id"] = pusher.AppId,
                ["pushkey"] = pusher.Pushkey,
                ["pushkey_ts"] = pusher.PushkeyTs,
                ["data"] = DataWithoutUrl(pusher.Data),
            };
            if (notice.EventId is not null)
            {
                var tweaks = new JsonObject();
                foreach (var (name, value) in notice.Tweaks)
                {
                    tweaks[name] = JsonNode.Parse(value.GetRawText());
                }

                device["tweaks"] = tweaks;
            }

            array.Add(device);
        }

        notification["devices"] = array;
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["notification"] = notification });
    }

    public static bool IsEventIdOnly(Pusher pusher) =>
        pusher.Data.ValueKind == JsonValueKind.Object && pusher.Data.TryGetProperty("format", out var format) && format.ValueEquals(EventIdOnlyFormat);

    public static string? UrlOf(Pusher pusher) => Str(pusher.Data, "url");

    private static JsonObject DataWithoutUrl(JsonElement data)
    {
        var result = new JsonObject();
        if (data.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in data.EnumerateObject())
            {
                if (property.Name != "url")
                {
                    result[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                }
            }
        }

        return result;
    }

    private static void Copy(JsonElement source, string name, JsonObject target) => Put(target, name, Str(source, name));

    private static void Put(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
