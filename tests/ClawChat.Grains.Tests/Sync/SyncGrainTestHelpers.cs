using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Grains.Tests.Rooms;
using ClawChat.Runtime;

namespace ClawChat.Grains.Tests.Sync;

/// <summary>Shortcuts for sync grain tests: run a sync and read the JSON response.</summary>
internal static class SyncGrainTestHelpers
{
    public static async Task<JsonElement> SyncAsync(this IGrainFactory factory, string userId, string? since = null, int timeoutMs = 0, SyncFilter? filter = null)
    {
        var body = await factory.GetGrain<ISyncGrain>(userId).SyncAsync(new SyncRequest("DEV", since, timeoutMs, false, filter ?? SyncFilter.None, PresenceEnabled: false));
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public static string NextBatch(this JsonElement response) => response.GetProperty("next_batch").GetString()!;

    public static List<string> Bodies(this JsonElement response, string roomId) =>
        response.GetProperty("rooms").GetProperty("join").TryGetProperty(roomId, out var room)
            ? [.. room.GetProperty("timeline").GetProperty("events").EnumerateArray()
                .Where(e => e.GetProperty("type").GetString() == "m.room.message")
                .Select(e => e.GetProperty("content").GetProperty("body").GetString()!)]
            : [];

    public static async Task<(IRoomGrain Room, string RoomId)> NewRoomAsync(IGrainFactory factory, string creator, string preset = RoomPresets.PrivateChat)
    {
        var roomId = RoomsTestSilo.NewRoomId();
        var room = factory.GetGrain<IRoomGrain>(roomId);
        await room.CreateAsync(RoomFixture.Create(creator, preset));
        return (room, roomId);
    }

    public static SyncFilter TimelineLimit(int limit) => new(Room: new SyncRoomFilter(Timeline: new SyncEventFilter(Limit: limit)));
}
