using System.Text.Json;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.RoomsExtras;

/// <summary>Paths and shortcuts for the directory, relations, spaces, upgrade and search tests.</summary>
internal static class ExtrasApi
{
    public const string V1 = "/_matrix/client/v1";

    public static string RoomV1(string roomId) => $"{V1}/rooms/{MatrixTestClient.Escape(roomId)}";

    public static string Alias(string alias) => $"{RoomApi.V3}/directory/room/{MatrixTestClient.Escape(alias)}";

    /// <summary>A fresh alias of the test server, e.g. <c>#a-3f2a…:localhost</c>.</summary>
    public static string NewAlias(MatrixTestClient client, string prefix = "a") => $"#{prefix}-{Guid.NewGuid():N}:{client.Silo.ServerName}";

    public static Task<string> EditAsync(this MatrixTestClient client, string roomId, string originalId, string newBody) =>
        client.SendAsync(roomId, new Dictionary<string, object>
        {
            ["msgtype"] = "m.text",
            ["body"] = "* " + newBody,
            ["m.new_content"] = new { msgtype = "m.text", body = newBody },
            ["m.relates_to"] = new { rel_type = "m.replace", event_id = originalId },
        });

    public static Task<MatrixResponse> ReactAsync(this MatrixTestClient client, string roomId, string targetId, string key) =>
        client.PutAsync($"{RoomApi.Room(roomId)}/send/m.reaction/{Guid.NewGuid():N}", new Dictionary<string, object>
        {
            ["m.relates_to"] = new { rel_type = "m.annotation", event_id = targetId, key },
        });

    public static Task<string> ThreadReplyAsync(this MatrixTestClient client, string roomId, string rootId, string body) =>
        client.SendAsync(roomId, new Dictionary<string, object>
        {
            ["msgtype"] = "m.text",
            ["body"] = body,
            ["m.relates_to"] = new { rel_type = "m.thread", event_id = rootId },
        });

    public static async Task<JsonElement> GetEventAsync(this MatrixTestClient client, string roomId, string eventId) =>
        (await client.GetAsync($"{RoomApi.Room(roomId)}/event/{MatrixTestClient.Escape(eventId)}")).AssertOk().Body;

    /// <summary><c>unsigned["m.relations"]</c> of a served event, or null.</summary>
    public static JsonElement? Relations(this JsonElement clientEvent) =>
        clientEvent.TryGetProperty("unsigned", out var unsigned) && unsigned.TryGetProperty("m.relations", out var relations) ? relations : null;

    public static List<string?> EventIds(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.Str("event_id"))];

    public static async Task<string> PutStateAsync(this MatrixTestClient client, string roomId, string type, string stateKey, object content)
    {
        var response = (await client.PutAsync($"{RoomApi.Room(roomId)}/state/{type}/{MatrixTestClient.Escape(stateKey)}", content)).AssertOk();
        return response.GetString("event_id") ?? throw new MatrixAssertionException($"PUT state returned no event_id: {response.Text}");
    }
}
