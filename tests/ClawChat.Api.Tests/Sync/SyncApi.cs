using System.Diagnostics;
using System.Text.Json;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Sync;

/// <summary>Sync requests and readers of sync responses (spec sync.yaml shapes) for the sync tests.</summary>
internal static class SyncApi
{
    public static async Task<MatrixResponse> SyncAsync(this MatrixTestClient client, string? since = null, int timeoutMs = 0, string? filter = null, bool fullState = false)
    {
        var query = new List<string>();
        if (since is not null)
        {
            query.Add("since=" + Uri.EscapeDataString(since));
        }

        if (timeoutMs > 0)
        {
            query.Add("timeout=" + timeoutMs);
        }

        if (filter is not null)
        {
            query.Add("filter=" + Uri.EscapeDataString(filter));
        }

        if (fullState)
        {
            query.Add("full_state=true");
        }

        var path = $"{RoomApi.V3}/sync" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
        var response = (await client.GetAsync(path)).AssertOk();
        AssertTopLevelShape(response);
        return response;
    }

    /// <summary>Syncs from <paramref name="since"/> until <paramref name="condition"/> holds for the accumulated
    /// responses (deadline 10 s); returns the last token and all responses.</summary>
    public static async Task<(string Token, List<MatrixResponse> Responses)> SyncUntilAsync(this MatrixTestClient client, string since, Func<List<MatrixResponse>, bool> condition, string what, string? filter = null)
    {
        var responses = new List<MatrixResponse>();
        var deadline = Stopwatch.StartNew();
        var token = since;
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var response = await client.SyncAsync(token, timeoutMs: 1000, filter: filter);
            responses.Add(response);
            token = response.GetString("next_batch")!;
            if (condition(responses))
            {
                return (token, responses);
            }
        }

        throw new MatrixAssertionException($"Timed out after 10 s waiting for: {what}. Last response: {responses.LastOrDefault()?.Text}");
    }

    public static string NextBatch(this MatrixResponse response) => response.GetString("next_batch")!;

    public static JsonElement? Room(this MatrixResponse response, string section, string roomId) =>
        response["rooms"].GetProperty(section).TryGetProperty(roomId, out var room) ? room : null;

    public static JsonElement Joined(this MatrixResponse response, string roomId) =>
        response.Room("join", roomId) ?? throw new MatrixAssertionException($"{roomId} is not in rooms.join: {response.Text}");

    public static List<JsonElement> Events(this JsonElement room, string section) =>
        room.TryGetProperty(section, out var part) && part.TryGetProperty("events", out var events) ? [.. events.EnumerateArray()] : [];

    public static List<JsonElement> Timeline(this MatrixResponse response, string roomId) =>
        response.Room("join", roomId) is { } room ? room.Events("timeline") : [];

    public static List<string> Bodies(this IEnumerable<JsonElement> events) =>
        [.. events.Where(e => e.Str("type") == "m.room.message").Select(e => e.Body()!)];

    public static List<JsonElement> Ephemeral(this MatrixResponse response, string roomId, string type) =>
        response.Room("join", roomId) is { } room ? [.. room.Events("ephemeral").Where(e => e.Str("type") == type)] : [];

    /// <summary>The top-level sections every response carries (spec sync.yaml).</summary>
    public static void AssertTopLevelShape(MatrixResponse response)
    {
        Assert.StartsWith("t", response.GetString("next_batch"));
        foreach (var section in new[] { "join", "invite", "leave", "knock" })
        {
            Assert.Equal(JsonValueKind.Object, response["rooms"].GetProperty(section).ValueKind);
        }

        Assert.Equal(JsonValueKind.Array, response["presence"].GetProperty("events").ValueKind);
        Assert.Equal(JsonValueKind.Array, response["account_data"].GetProperty("events").ValueKind);
        Assert.Equal(JsonValueKind.Array, response["to_device"].GetProperty("events").ValueKind);
        Assert.Equal(JsonValueKind.Array, response["device_lists"].GetProperty("changed").ValueKind);
        Assert.Equal(JsonValueKind.Object, response["device_one_time_keys_count"].ValueKind);
        Assert.Equal(JsonValueKind.Array, response["device_unused_fallback_key_types"].ValueKind);
    }

    /// <summary>A joined room's shape (spec sync.yaml JoinedRoom): timeline with limited and prev_batch, state,
    /// ephemeral and account_data event lists.</summary>
    public static void AssertJoinedRoomShape(JsonElement room)
    {
        var timeline = room.GetProperty("timeline");
        Assert.Equal(JsonValueKind.Array, timeline.GetProperty("events").ValueKind);
        Assert.True(timeline.GetProperty("limited").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.StartsWith("s", timeline.GetProperty("prev_batch").GetString());
        foreach (var section in new[] { "state", "ephemeral", "account_data" })
        {
            Assert.Equal(JsonValueKind.Array, room.GetProperty(section).GetProperty("events").ValueKind);
        }
    }
}
