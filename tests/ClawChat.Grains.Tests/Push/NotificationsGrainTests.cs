using System.Text.Json;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Tests.Rooms;
using static ClawChat.Grains.Tests.Push.PushTestEvents;

namespace ClawChat.Grains.Tests.Push;

/// <summary>Notification counts follow the push rules and reset on read (DIGEST §15 "Counts").</summary>
public sealed class NotificationsGrainTests : IAsyncLifetime
{
    private readonly PushTestSilo _silo = new(new PushOptions { MaxNotificationsPerUser = 5 });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private INotificationsGrain Grain(string user) => _silo.Factory.GetGrain<INotificationsGrain>(user);

    /// <summary>Delivers events the way /sync will (one-way, in position order) and waits until the grain has them.</summary>
    private async Task DeliverAsync(string user, string roomId, int members, params (long Position, JsonElement Event)[] events)
    {
        foreach (var (position, roomEvent) in events)
        {
            await Grain(user).OnRoomEventAsync(roomId, position, roomEvent, members, "Bob");
        }

        // One-way calls queue behind each other: a read-only call after them sees their effects.
        await Grain(user).GetUnreadCountsAsync([roomId]);
    }

    private async Task<UnreadCounts?> CountsAsync(string user, string roomId) =>
        (await Grain(user).GetUnreadCountsAsync([roomId])).GetValueOrDefault(roomId);

    private static JsonElement From(string sender, string body) => Text(body, sender);

    private static JsonElement InThread(string root, string body, string sender = Other) =>
        Event("m.room.message", new Dictionary<string, object> { ["msgtype"] = "m.text", ["body"] = body, ["m.relates_to"] = new { rel_type = "m.thread", event_id = root } }, sender);

    [Fact]
    public async Task Messages_CountAsNotifications_AndMentionsAsHighlights()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();

        await DeliverAsync(user, room, 5, (1, Text("one")), (2, Text("two")), (3, Mentioning("hey bob", [user])));

        var counts = await CountsAsync(user, room);
        Assert.Equal((3, 1), (counts!.NotificationCount, counts.HighlightCount));
        Assert.Empty(counts.Threads);
    }

    [Fact]
    public async Task OwnEvents_NoticesAndMemberEvents_AreNotCounted()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();

        await DeliverAsync(user, room, 2,
            (1, Text("mine", sender: user)),
            (2, Text("a bot", msgtype: "m.notice")),
            (3, Event("m.room.member", new { membership = "join" }, stateKey: Other)));

        Assert.Null(await CountsAsync(user, room));
    }

    [Fact]
    public async Task Read_ResetsTheCountsUpToItsPosition()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();
        await DeliverAsync(user, room, 5, (1, Mentioning("hi", [user])), (2, Text("b")), (3, Text("c")), (4, Text("d")));

        await Grain(user).OnReadAsync(room, 2, null);
        var afterFirstRead = await CountsAsync(user, room);
        await Grain(user).OnReadAsync(room, 4, "main");

        Assert.Equal((2, 0), (afterFirstRead!.NotificationCount, afterFirstRead.HighlightCount));
        Assert.Null(await CountsAsync(user, room));
    }

    [Fact]
    public async Task ThreadReceipts_ResetOnlyTheirThread()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();
        await DeliverAsync(user, room, 5, (1, Text("root")), (2, InThread("$root", "reply")), (3, Mentioning("main mention", [user])), (4, InThread("$root", "again")));

        var before = await CountsAsync(user, room);
        await Grain(user).OnReadAsync(room, 4, "$root");
        var afterThreadRead = await CountsAsync(user, room);
        await Grain(user).OnReadAsync(room, 3, "main");

        Assert.Equal((4, 1), (before!.NotificationCount, before.HighlightCount));
        Assert.Equal(new ThreadUnreadCounts(2, 0), before.Threads["$root"]);
        Assert.Equal((2, 1), (afterThreadRead!.NotificationCount, afterThreadRead.HighlightCount));
        Assert.Empty(afterThreadRead.Threads);
        Assert.Null(await CountsAsync(user, room));
    }

    [Fact]
    public async Task UnthreadedReceipt_ResetsEveryThread()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();
        await DeliverAsync(user, room, 5, (1, Text("root")), (2, InThread("$root", "reply")), (3, InThread("$other", "reply")));

        await Grain(user).OnReadAsync(room, 3, null);

        Assert.Null(await CountsAsync(user, room));
    }

    [Fact]
    public async Task ReplayedAndAlreadyReadEvents_AreNotCountedAgain()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();
        await Grain(user).OnReadAsync(room, 10, null);

        await DeliverAsync(user, room, 5, (11, Text("new")), (11, Text("new")), (9, Text("old")), (12, Text("newer")));
        await DeliverAsync(user, PushTestSilo.NewRoomId(), 5);

        Assert.Equal(2, (await CountsAsync(user, room))!.NotificationCount);
    }

    [Fact]
    public async Task Counts_SurviveARestart()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();
        await DeliverAsync(user, room, 5, (1, Text("a")), (2, Mentioning("b", [user])));

        await _silo.RestartAsync();
        await DeliverAsync(user, room, 5, (2, Text("replayed after restart")));

        var counts = await CountsAsync(user, room);
        Assert.Equal((2, 1), (counts!.NotificationCount, counts.HighlightCount));
    }

    [Fact]
    public async Task ChangedRules_ApplyToTheNextEvent()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();
        await DeliverAsync(user, room, 5, (1, Text("counted")));

        await _silo.Factory.GetGrain<IPushRulesGrain>(user).PutRuleAsync(new PutPushRuleCommand(PushRuleKind.Room, room, Json("[]"), null, null, null, null));
        await DeliverAsync(user, room, 5, (2, Text("muted")), (3, Mentioning("but mentions still count", [user])));

        var counts = await CountsAsync(user, room);
        Assert.Equal((2, 1), (counts!.NotificationCount, counts.HighlightCount));
    }

    [Fact]
    public async Task RoomMention_UsesPowerLevelsSeenInTheRoom()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();
        var levels = Event("m.room.power_levels", new { users = new Dictionary<string, int> { [Other] = 50 }, notifications = new { room = 50 } }, stateKey: "");

        await DeliverAsync(user, room, 5,
            (1, levels),
            (2, Mentioning("@room from a moderator", room: true)),
            (3, Mentioning("@room from nobody", room: true, sender: "@nobody:push.test")));

        var counts = await CountsAsync(user, room);
        Assert.Equal((2, 1), (counts!.NotificationCount, counts.HighlightCount));
    }

    [Fact]
    public async Task RoomMention_FetchesPowerLevelsFromTheRoom_WhenNoneWereSeen()
    {
        var alice = PushTestSilo.NewUserId("alice");
        var bob = PushTestSilo.NewUserId("bob");
        var carol = PushTestSilo.NewUserId("carol");
        var roomId = PushTestSilo.NewRoomId();
        var room = _silo.Factory.GetGrain<IRoomGrain>(roomId);
        await room.CreateAsync(RoomFixture.Create(alice, RoomPresets.PublicChat));
        await room.UpdateMembershipAsync(new MembershipCommand(bob, bob, MembershipAction.Join));
        await room.UpdateMembershipAsync(new MembershipCommand(carol, carol, MembershipAction.Join));

        await DeliverAsync(bob, roomId, 3,
            (100, Mentioning("@room says the creator", room: true, sender: alice)),
            (101, Mentioning("@room says a member", room: true, sender: carol)));

        var counts = await CountsAsync(bob, roomId);
        Assert.Equal((2, 1), (counts!.NotificationCount, counts.HighlightCount));
    }

    [Fact]
    public async Task Notifications_AreHandedToThePushers_WithTweaksAndUnreadCounts()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();
        await _silo.Factory.GetGrain<IPushersGrain>(user).SetPusherAsync(new SetPusherCommand(
            "DEV", "http", "org.example.app", "key-1", "App", "Phone", null, "en",
            Json("""{"url":"https://push.example.org/_matrix/push/v1/notify"}"""), false));

        await DeliverAsync(user, room, 5, (1, Text("plain")), (2, Mentioning("hey", [user])));
        await Grain(user).OnReadAsync(room, 2, null);
        await Eventually.TrueAsync(() => _silo.Deliveries.For(user).Count == 3, "two notifications and one badge update for the pushers");

        var jobs = _silo.Deliveries.For(user);
        Assert.Equal((1, "low"), (jobs[0].Notice.Unread, jobs[0].Notice.Prio));
        Assert.Empty(jobs[0].Notice.Tweaks);
        Assert.Equal("default", jobs[1].Notice.Tweaks["sound"].GetString());
        Assert.Equal((2, "high"), (jobs[1].Notice.Unread, jobs[1].Notice.Prio));
        Assert.True(jobs[1].Notice.Tweaks["highlight"].GetBoolean());
        Assert.Equal("$e", jobs[1].Notice.EventId);
        Assert.Equal("key-1", jobs[1].Pushers.Single().Pushkey);
        Assert.Null(jobs[2].Notice.EventId);
        Assert.Equal(0, jobs[2].Notice.Unread);
    }

    [Fact]
    public async Task NotificationList_IsNewestFirst_WithReadFlags_Pages_AndHighlightFilter()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();
        await DeliverAsync(user, room, 5, (1, Text("one")), (2, Mentioning("two", [user])), (3, Text("three")), (4, Text("four", msgtype: "m.notice")));
        await Grain(user).OnReadAsync(room, 2, null);

        var first = await Grain(user).GetNotificationsAsync(new NotificationsQuery(null, 2, false));
        var second = await Grain(user).GetNotificationsAsync(new NotificationsQuery(long.Parse(first.NextToken!, System.Globalization.CultureInfo.InvariantCulture), 2, false));
        var highlights = await Grain(user).GetNotificationsAsync(new NotificationsQuery(null, 10, true));

        Assert.Equal(["three", "two"], first.Notifications.Select(n => n.Event.GetProperty("content").GetProperty("body").GetString()));
        Assert.Equal([false, true], first.Notifications.Select(n => n.Read));
        Assert.Equal(["one"], second.Notifications.Select(n => n.Event.GetProperty("content").GetProperty("body").GetString()));
        Assert.Null(second.NextToken);
        Assert.Equal(room, second.Notifications[0].RoomId);
        Assert.Equal("""["notify"]""", second.Notifications[0].Actions.GetRawText());
        Assert.True(second.Notifications[0].Ts > 0);
        Assert.Equal("two", highlights.Notifications.Single().Event.GetProperty("content").GetProperty("body").GetString());
    }

    [Fact]
    public async Task NotificationList_KeepsOnlyTheNewest()
    {
        var user = PushTestSilo.NewUserId("bob");
        var room = PushTestSilo.NewRoomId();
        await DeliverAsync(user, room, 5, [.. Enumerable.Range(1, 8).Select(i => ((long)i, Text($"m{i}")))]);

        var page = await Grain(user).GetNotificationsAsync(new NotificationsQuery(null, 100, false));

        Assert.Equal(["m8", "m7", "m6", "m5", "m4"], page.Notifications.Select(n => n.Event.GetProperty("content").GetProperty("body").GetString()));
        Assert.Equal(8, (await CountsAsync(user, room))!.NotificationCount);
    }
}
