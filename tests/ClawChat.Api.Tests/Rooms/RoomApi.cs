using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Rooms;

/// <summary>Paths and shortcuts for room HTTP tests.</summary>
internal static class RoomApi
{
    public const string V3 = "/_matrix/client/v3";

    public static string Room(string roomId) => $"{V3}/rooms/{MatrixTestClient.Escape(roomId)}";

    public static async Task<string> CreateRoomAsync(this MatrixTestClient client, object? body = null)
    {
        var response = (await client.PostAsync($"{V3}/createRoom", body ?? new JsonObject())).AssertOk();
        return response.GetString("room_id") ?? throw new MatrixAssertionException($"createRoom returned no room_id: {response.Text}");
    }

    public static async Task JoinAsync(this MatrixTestClient client, string roomId) =>
        (await client.PostAsync($"{Room(roomId)}/join")).AssertOk();

    public static async Task<string> SendAsync(this MatrixTestClient client, string roomId, object content, string type = "m.room.message", string? txnId = null)
    {
        var response = (await client.PutAsync($"{Room(roomId)}/send/{type}/{txnId ?? Guid.NewGuid().ToString("N")}", content)).AssertOk();
        return response.GetString("event_id") ?? throw new MatrixAssertionException($"send returned no event_id: {response.Text}");
    }

    public static Task<string> SendTextAsync(this MatrixTestClient client, string roomId, string body, string? txnId = null) =>
        client.SendAsync(roomId, new { msgtype = "m.text", body }, txnId: txnId);

    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string? Body(this JsonElement clientEvent) =>
        clientEvent.TryGetProperty("content", out var content) ? content.Str("body") : null;

    /// <summary>Asserts the fields every client-format event has (spec client_event.yaml) and that federation-only fields are absent.</summary>
    public static void AssertClientEvent(JsonElement e, string roomId)
    {
        Assert.StartsWith("$", e.Str("event_id"));
        Assert.NotNull(e.Str("type"));
        Assert.NotNull(e.Str("sender"));
        Assert.Equal(roomId, e.Str("room_id"));
        Assert.Equal(JsonValueKind.Object, e.GetProperty("content").ValueKind);
        Assert.Equal(JsonValueKind.Number, e.GetProperty("origin_server_ts").ValueKind);
        Assert.Equal(JsonValueKind.Number, e.GetProperty("unsigned").GetProperty("age").ValueKind);
        foreach (var federationOnly in new[] { "hashes", "signatures", "prev_events", "auth_events", "depth" })
        {
            Assert.False(e.TryGetProperty(federationOnly, out _), $"client event carries '{federationOnly}'");
        }
    }
}
