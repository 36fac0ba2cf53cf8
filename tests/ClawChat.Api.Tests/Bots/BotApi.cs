using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Bots;

/// <summary>Shortcuts for bot tests: reading a room's timeline, waiting on conditions with a deadline, and picking the
/// bot's answers and edits out of it.</summary>
internal static class BotApi
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>A room with the bot invited (a direct chat unless <paramref name="others"/> are invited too); returns
    /// once the bot has joined.</summary>
    public static async Task<string> CreateRoomWithBotAsync(this MatrixTestClient client, string botId, params MatrixTestClient[] others)
    {
        var invite = new JsonArray(botId);
        foreach (var other in others)
        {
            invite.Add(other.UserId);
        }

        var roomId = await client.CreateRoomAsync(new JsonObject { ["preset"] = "trusted_private_chat", ["is_direct"] = others.Length == 0, ["invite"] = invite });
        foreach (var other in others)
        {
            await other.JoinAsync(roomId);
        }

        await client.WaitForMembershipAsync(roomId, botId, "join");
        return roomId;
    }

    public static async Task WaitForMembershipAsync(this MatrixTestClient client, string roomId, string userId, string membership)
    {
        await WaitAsync(
            async () =>
            {
                var response = await client.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.member/{MatrixTestClient.Escape(userId)}");
                return response.StatusCode == System.Net.HttpStatusCode.OK && response.GetString("membership") == membership;
            },
            $"{userId} to have membership '{membership}' in {roomId}");
    }

    /// <summary>The room's timeline as the client sees it, oldest first (the last 200 events).</summary>
    public static async Task<List<JsonElement>> TimelineAsync(this MatrixTestClient client, string roomId)
    {
        var response = (await client.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=200")).AssertOk();
        var chunk = response["chunk"].EnumerateArray().Select(e => e.Clone()).ToList();
        chunk.Reverse();
        return chunk;
    }

    /// <summary>Polls the timeline until <paramref name="done"/> holds; fails naming <paramref name="what"/> and listing
    /// what the room holds.</summary>
    public static async Task<List<JsonElement>> WaitForTimelineAsync(this MatrixTestClient client, string roomId, Func<List<JsonElement>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var timeline = await client.TimelineAsync(roomId);
            if (done(timeline))
            {
                return timeline;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new MatrixAssertionException($"Timed out after {Deadline} waiting for {what}. Timeline:\n{Describe(timeline)}");
            }

            await Task.Delay(25);
        }
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new MatrixAssertionException($"Timed out after {Deadline} waiting for {what}.");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>The bot's answers (not edits, not notices) replying to <paramref name="promptId"/>.</summary>
    public static List<JsonElement> AnswersTo(this List<JsonElement> timeline, string botId, string promptId) =>
        [.. timeline.Where(e => e.Str("sender") == botId && e.Str("type") == "m.room.message"
            && Content(e).Str("msgtype") == "m.text" && RelType(e) != "m.replace" && InReplyTo(e) == promptId)];

    /// <summary>Edits of <paramref name="eventId"/> by <paramref name="sender"/>, oldest first.</summary>
    public static List<JsonElement> EditsOf(this List<JsonElement> timeline, string sender, string eventId) =>
        [.. timeline.Where(e => e.Str("sender") == sender && RelType(e) == "m.replace" && RelEventId(e) == eventId)];

    /// <summary>The text a client shows for <paramref name="answer"/>: the latest edit's <c>m.new_content</c>, or its body.</summary>
    public static string? ShownText(this List<JsonElement> timeline, JsonElement answer)
    {
        var edits = timeline.EditsOf(answer.Str("sender")!, answer.Str("event_id")!);
        return edits.Count > 0 ? Content(edits[^1]).GetProperty("m.new_content").Str("body") : Content(answer).Str("body");
    }

    public static List<JsonElement> NoticesFrom(this List<JsonElement> timeline, string botId) =>
        [.. timeline.Where(e => e.Str("sender") == botId && e.Str("type") == "m.room.message" && Content(e).Str("msgtype") == "m.notice")];

    public static JsonElement Content(JsonElement e) => e.GetProperty("content");

    public static string? RelType(JsonElement e) =>
        Content(e).TryGetProperty("m.relates_to", out var r) && r.ValueKind == JsonValueKind.Object ? r.Str("rel_type") : null;

    public static string? RelEventId(JsonElement e) =>
        Content(e).TryGetProperty("m.relates_to", out var r) && r.ValueKind == JsonValueKind.Object ? r.Str("event_id") : null;

    public static string? InReplyTo(JsonElement e) =>
        Content(e).TryGetProperty("m.relates_to", out var r) && r.ValueKind == JsonValueKind.Object
        && r.TryGetProperty("m.in_reply_to", out var reply) && reply.ValueKind == JsonValueKind.Object
            ? reply.Str("event_id")
            : null;

    public static Task<string> SendThreadReplyAsync(this MatrixTestClient client, string roomId, string rootId, string body) =>
        client.SendAsync(roomId, new JsonObject
        {
            ["msgtype"] = "m.text",
            ["body"] = body,
            ["m.relates_to"] = new JsonObject
            {
                ["rel_type"] = "m.thread",
                ["event_id"] = rootId,
                ["is_falling_back"] = true,
                ["m.in_reply_to"] = new JsonObject { ["event_id"] = rootId },
            },
        });

    public static Task<string> SendEditAsync(this MatrixTestClient client, string roomId, string eventId, string newBody) =>
        client.SendAsync(roomId, new JsonObject
        {
            ["msgtype"] = "m.text",
            ["body"] = "* " + newBody,
            ["m.new_content"] = new JsonObject { ["msgtype"] = "m.text", ["body"] = newBody },
            ["m.relates_to"] = new JsonObject { ["rel_type"] = "m.replace", ["event_id"] = eventId },
        });

    private static string Describe(List<JsonElement> timeline) =>
        string.Join('\n', timeline.Select(e => $"  {e.Str("sender")} {e.Str("type")} {e.GetProperty("content")}"));
}
