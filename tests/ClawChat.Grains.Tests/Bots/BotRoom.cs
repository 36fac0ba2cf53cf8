using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Tests.Rooms;
using ClawChat.Runtime;

namespace ClawChat.Grains.Tests.Bots;

/// <summary>A room with the test bot, seen by one user: send, read the timeline, wait on conditions with a deadline.</summary>
internal sealed class BotRoom(Func<IGrainFactory> factory, string roomId, string userId)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public string RoomId => roomId;

    public string UserId => userId;

    /// <summary>Through the silo's current factory (tests restart silos).</summary>
    public IRoomGrain Grain => factory().GetGrain<IRoomGrain>(roomId);

    /// <summary>Creates a room by a fresh user, invites the bot (and <paramref name="others"/>, who join) and waits for
    /// the bot to join.</summary>
    public static async Task<BotRoom> CreateAsync(BotsTestSilo silo, params string[] others)
    {
        var user = RoomsTestSilo.NewUserId();
        var roomId = RoomsTestSilo.NewRoomId();
        var room = silo.Factory.GetGrain<IRoomGrain>(roomId);
        await room.CreateAsync(RoomFixture.Create(user, RoomPresets.TrustedPrivateChat, [.. others, BotsTestSilo.BotId]));
        foreach (var other in others)
        {
            await room.UpdateMembershipAsync(new MembershipCommand(other, other, MembershipAction.Join));
        }

        var botRoom = new BotRoom(() => silo.Factory, roomId, user);
        await WaitAsync(async () => await room.GetMembershipAsync(BotsTestSilo.BotId) == "join", "the bot to join");
        return botRoom;
    }

    public async Task<string> SendAsync(string body, string? sender = null) =>
        (await Grain.SendTextAsync(sender ?? userId, body)).EventId;

    public async Task<string> SendAsync(JsonObject content, string? sender = null) =>
        (await Grain.SendEventAsync(new SendEventCommand(sender ?? userId, "DEV", Guid.NewGuid().ToString("N"), "m.room.message", JsonSerializer.SerializeToElement(content)))).EventId;

    public Task<string> EditAsync(string eventId, string newBody) => SendAsync(new JsonObject
    {
        ["msgtype"] = "m.text",
        ["body"] = "* " + newBody,
        ["m.new_content"] = new JsonObject { ["msgtype"] = "m.text", ["body"] = newBody },
        ["m.relates_to"] = new JsonObject { ["rel_type"] = "m.replace", ["event_id"] = eventId },
    });

    public async Task RedactAsync(string eventId) =>
        await Grain.RedactAsync(new RedactCommand(userId, "DEV", Guid.NewGuid().ToString("N"), eventId, null));

    public async Task<List<JsonElement>> TimelineAsync()
    {
        var page = await Grain.GetMessagesAsync(new MessagesQuery(userId, null, true, null, null, 500, RoomEventFilter.None));
        var events = page.Chunk.ToList();
        events.Reverse();
        return events;
    }

    public async Task<List<JsonElement>> WaitForAsync(Func<List<JsonElement>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var timeline = await TimelineAsync();
            if (done(timeline))
            {
                return timeline;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Deadline} waiting for {what}. Timeline:\n"
                    + string.Join('\n', timeline.Select(e => $"  {e.Str("sender")} {e.Str("type")} {e.GetProperty("content")}")));
            }

            await Task.Delay(10);
        }
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Deadline} waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }
}
