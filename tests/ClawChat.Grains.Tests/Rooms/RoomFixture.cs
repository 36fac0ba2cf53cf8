using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Runtime;

namespace ClawChat.Grains.Tests.Rooms;

/// <summary>Shortcuts for grain tests: create rooms, send messages, read JSON fields.</summary>
internal static class RoomFixture
{
    public static CreateRoomCommand Create(string creator, string preset = RoomPresets.PrivateChat, IReadOnlyList<string>? invite = null, string version = "11", IReadOnlyList<StateEventInput>? initialState = null, string? name = null) =>
        new(creator, version, preset, name, null, null, invite ?? [], initialState ?? [], false, null, null, null, null);

    public static async Task<IRoomGrain> CreateRoomAsync(IGrainFactory factory, string creator, string preset = RoomPresets.PrivateChat, IReadOnlyList<string>? invite = null, IReadOnlyList<StateEventInput>? initialState = null)
    {
        var roomId = RoomsTestSilo.NewRoomId();
        var room = factory.GetGrain<IRoomGrain>(roomId);
        await room.CreateAsync(Create(creator, preset, invite, initialState: initialState));
        return room;
    }

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static JsonElement Text(string body) => Json($$"""{"msgtype":"m.text","body":"{{body}}"}""");

    public static Task<SendEventResult> SendTextAsync(this IRoomGrain room, string sender, string body, string device = "DEV", string? txnId = null) =>
        room.SendEventAsync(new SendEventCommand(sender, device, txnId ?? Guid.NewGuid().ToString("N"), "m.room.message", Text(body)));

    public static string? Str(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string? Body(this JsonElement clientEvent) =>
        clientEvent.GetProperty("content").Str("body");
}
