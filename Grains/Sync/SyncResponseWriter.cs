using System.Buffers;
using System.Text;
using System.Text.Json;
using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Interfaces.Rooms;

namespace ClawChat.Grains.Sync;

/// <summary>
/// Writes a <c>/sync</c> response body (spec sync.yaml, DIGEST §6). Sections a client may rely on are always
/// present, even empty: <c>rooms.{join,invite,leave,knock}</c>, <c>presence</c>, <c>account_data</c>,
/// <c>to_device</c>, <c>device_lists</c>, <c>device_one_time_keys_count</c> and
/// <c>device_unused_fallback_key_types</c>.
/// </summary>
internal static class SyncResponseWriter
{
    private const string SignedCurve25519 = "signed_curve25519";

    public static string Write(SyncResponseModel model)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("next_batch", model.NextBatch);
            writer.WriteStartObject("rooms");
            writer.WriteStartObject("join");
            foreach (var room in model.Join)
            {
                WriteJoined(writer, model, room);
            }

            writer.WriteEndObject();
            WriteStripped(writer, model, "invite", "invite_state", knock: false);
            writer.WriteStartObject("leave");
            foreach (var room in model.Leave)
            {
                writer.WriteStartObject(room.RoomId);
                WriteEvents(writer, "state", room.Slice.State, model.EventFields);
                WriteTimeline(writer, room.Slice.Timeline, room.Slice.Limited, room.Slice.PrevBatch, model.EventFields);
                WriteAccountData(writer, "account_data", room.AccountData);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            WriteStripped(writer, model, "knock", "knock_state", knock: true);
            writer.WriteEndObject();

            WriteEvents(writer, "presence", model.Presence, null);
            WriteAccountData(writer, "account_data", model.AccountData);
            WriteToDevice(writer, model.ToDevice);
            WriteDeviceLists(writer, model.DeviceLists);
            // DIGEST §6 practice: always send the count, zero included, so clients notice exhaustion.
            writer.WriteStartObject("device_one_time_keys_count");
            foreach (var (algorithm, count) in model.KeyCounts.OneTimeKeyCounts)
            {
                writer.WriteNumber(algorithm, count);
            }

            if (!model.KeyCounts.OneTimeKeyCounts.ContainsKey(SignedCurve25519))
            {
                writer.WriteNumber(SignedCurve25519, 0);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("device_unused_fallback_key_types");
            foreach (var algorithm in model.KeyCounts.UnusedFallbackKeyTypes)
            {
                writer.WriteStringValue(algorithm);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteJoined(Utf8JsonWriter writer, SyncResponseModel model, JoinedRoomPart room)
    {
        writer.WriteStartObject(room.RoomId);
        if (room.Slice?.Summary is { } summary)
        {
            writer.WriteStartObject("summary");
            writer.WriteStartArray("m.heroes");
            foreach (var hero in summary.Heroes)
            {
                writer.WriteStringValue(hero);
            }

            writer.WriteEndArray();
            writer.WriteNumber("m.joined_member_count", summary.JoinedMemberCount);
            writer.WriteNumber("m.invited_member_count", summary.InvitedMemberCount);
            writer.WriteEndObject();
        }

        WriteEvents(writer, "state", room.Slice?.State ?? [], model.EventFields);
        if (room.Slice is { } slice)
        {
            WriteTimeline(writer, slice.Timeline, slice.Limited, slice.PrevBatch, model.EventFields);
        }
        else
        {
            WriteTimeline(writer, [], limited: false, RoomStreamToken.Format(room.Upto), null);
        }

        var ephemeral = new List<JsonElement>(2);
        if (room.Ephemeral?.Typing is { } typing)
        {
            ephemeral.Add(typing);
        }

        if (room.Ephemeral?.Receipts is { } receipts)
        {
            ephemeral.Add(receipts);
        }

        ephemeral = SyncFilterMatching.Apply(model.EphemeralFilter, ephemeral, e => e.GetProperty("type").GetString()!, _ => null);
        WriteEvents(writer, "ephemeral", ephemeral, null);
        WriteAccountData(writer, "account_data", room.AccountData);
        if (model.Unread is { } unread)
        {
            unread.TryGetValue(room.RoomId, out var counts);
            writer.WriteStartObject("unread_notifications");
            writer.WriteNumber("notification_count", counts?.NotificationCount ?? 0);
            writer.WriteNumber("highlight_count", counts?.HighlightCount ?? 0);
            writer.WriteEndObject();
            if (model.ThreadCounts)
            {
                writer.WriteStartObject("unread_thread_notifications");
                foreach (var (threadId, thread) in counts?.Threads ?? new Dictionary<string, ThreadUnreadCounts>())
                {
                    writer.WriteStartObject(threadId);
                    writer.WriteNumber("notification_count", thread.NotificationCount);
                    writer.WriteNumber("highlight_count", thread.HighlightCount);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteToDevice(Utf8JsonWriter writer, IReadOnlyList<Interfaces.E2ee.ToDevice.ToDeviceMessage> messages)
    {
        writer.WriteStartObject("to_device");
        writer.WriteStartArray("events");
        foreach (var message in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("sender", message.Sender);
            writer.WriteString("type", message.Type);
            writer.WritePropertyName("content");
            message.Content.WriteTo(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDeviceLists(Utf8JsonWriter writer, Interfaces.E2ee.DeviceLists.DeviceListChanges? changes)
    {
        writer.WriteStartObject("device_lists");
        writer.WriteStartArray("changed");
        foreach (var userId in changes?.Changed ?? [])
        {
            writer.WriteStringValue(userId);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("left");
        foreach (var userId in changes?.Left ?? [])
        {
            writer.WriteStringValue(userId);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStripped(Utf8JsonWriter writer, SyncResponseModel model, string section, string stateName, bool knock)
    {
        writer.WriteStartObject(section);
        foreach (var room in model.Stripped)
        {
            if (room.Knock == knock)
            {
                writer.WriteStartObject(room.RoomId);
                WriteEvents(writer, stateName, room.State, null);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteTimeline(Utf8JsonWriter writer, IReadOnlyList<JsonElement> events, bool limited, string prevBatch, IReadOnlyList<string[]>? fields)
    {
        writer.WriteStartObject("timeline");
        WriteArray(writer, "events", events, fields);
        writer.WriteBoolean("limited", limited);
        writer.WriteString("prev_batch", prevBatch);
        writer.WriteEndObject();
    }

    private static void WriteEvents(Utf8JsonWriter writer, string name, IReadOnlyList<JsonElement> events, IReadOnlyList<string[]>? fields)
    {
        writer.WriteStartObject(name);
        WriteArray(writer, "events", events, fields);
        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IReadOnlyList<JsonElement> events, IReadOnlyList<string[]>? fields)
    {
        writer.WriteStartArray(name);
        foreach (var e in events)
        {
            (fields is null ? e : EventFieldsProjector.Project(e, fields)).WriteTo(writer);
        }

        writer.WriteEndArray();
    }

    private static void WriteAccountData(Utf8JsonWriter writer, string name, IReadOnlyList<AccountDataEntry> entries)
    {
        writer.WriteStartObject(name);
        writer.WriteStartArray("events");
        foreach (var entry in entries)
        {
            writer.WriteStartObject();
            writer.WriteString("type", entry.Type);
            writer.WritePropertyName("content");
            entry.Content.WriteTo(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
