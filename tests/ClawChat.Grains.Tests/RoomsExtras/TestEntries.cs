using System.Text.Json;
using ClawChat.Grains.Rooms;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Tests.RoomsExtras;

/// <summary>Timeline entries built without a room, for the relations index and the search matcher.</summary>
internal static class TestEntries
{
    public static TimelineEntry Event(long position, string type, string sender, string contentJson, string? stateKey = null)
    {
        using var content = JsonDocument.Parse(contentJson);
        var pdu = Pdu.Create(
            new PduDraft
            {
                RoomId = "!room:test",
                Sender = sender,
                Type = type,
                StateKey = stateKey,
                Content = content.RootElement.Clone(),
                OriginServerTs = 1_000 + position,
                PrevEvents = ["$prev"],
                Depth = position,
            },
            RoomVersion.V11);
        return new TimelineEntry { Position = position, Pdu = pdu };
    }

    public static TimelineEntry Relation(long position, string sender, string relType, string parentId, string? key = null, string type = "m.room.message") =>
        Event(position, type, sender, key is null
            ? $$$"""{"body": "x", "m.relates_to": {"rel_type": "{{{relType}}}", "event_id": "{{{parentId}}}"}}"""
            : $$$"""{"m.relates_to": {"rel_type": "{{{relType}}}", "event_id": "{{{parentId}}}", "key": "{{{key}}}"}}""");
}
