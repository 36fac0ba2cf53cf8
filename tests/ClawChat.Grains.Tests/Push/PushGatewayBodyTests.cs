using System.Text.Json;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Push.Delivery;
using static ClawChat.Grains.Tests.Push.PushTestEvents;

namespace ClawChat.Grains.Tests.Push;

/// <summary>The <c>/_matrix/push/v1/notify</c> body (spec push_notifier.yaml).</summary>
public sealed class PushGatewayBodyTests
{
    private static readonly Pusher Phone = new("key-1", "http", "org.example.app", "App", "Phone", null, "en",
        Json("""{"url":"https://push.example.org/_matrix/push/v1/notify","custom":"x"}"""), 1700000000, "DEV");

    private static readonly Pusher Quiet = Phone with { Pushkey = "key-2", Data = Json("""{"url":"https://push.example.org/_matrix/push/v1/notify","format":"event_id_only"}""") };

    private static PushNotice Notice() => new(Room, "$e", Mentioning("hello", [Me]),
        new Dictionary<string, JsonElement> { ["sound"] = Json("\"default\""), ["highlight"] = Json("true") }, "high", 3);

    private static JsonElement Build(PushNotice notice, Pusher pusher, PushRoomDetails? details = null) =>
        JsonDocument.Parse(PushGatewayBody.Build(Me, notice, details ?? new PushRoomDetails("Cake room", "#cake:push.test", "Other"), [pusher], PushGatewayBody.IsEventIdOnly(pusher)))
            .RootElement.GetProperty("notification").Clone();

    [Fact]
    public void FullFormat_CarriesTheEventNamesCountsAndDevices()
    {
        var n = Build(Notice(), Phone);

        Assert.Equal("$e", n.GetProperty("event_id").GetString());
        Assert.Equal(Room, n.GetProperty("room_id").GetString());
        Assert.Equal("m.room.message", n.GetProperty("type").GetString());
        Assert.Equal(Other, n.GetProperty("sender").GetString());
        Assert.Equal("Other", n.GetProperty("sender_display_name").GetString());
        Assert.Equal("Cake room", n.GetProperty("room_name").GetString());
        Assert.Equal("#cake:push.test", n.GetProperty("room_alias").GetString());
        Assert.Equal("high", n.GetProperty("prio").GetString());
        Assert.Equal("hello", n.GetProperty("content").GetProperty("body").GetString());
        Assert.Equal(3, n.GetProperty("counts").GetProperty("unread").GetInt32());
        var device = n.GetProperty("devices")[0];
        Assert.Equal(("org.example.app", "key-1", 1700000000), (device.GetProperty("app_id").GetString(), device.GetProperty("pushkey").GetString(), device.GetProperty("pushkey_ts").GetInt64()));
        Assert.Equal("""{"custom":"x"}""", device.GetProperty("data").GetRawText());
        Assert.Equal("default", device.GetProperty("tweaks").GetProperty("sound").GetString());
        Assert.True(device.GetProperty("tweaks").GetProperty("highlight").GetBoolean());
        Assert.False(n.TryGetProperty("user_is_target", out _));
    }

    [Fact]
    public void EventIdOnly_LeavesOutContentAndNames_ButForwardsTheFormat()
    {
        var n = Build(Notice(), Quiet);

        Assert.Equal(["event_id", "room_id", "prio", "counts", "devices"], n.EnumerateObject().Select(p => p.Name));
        Assert.Equal("event_id_only", n.GetProperty("devices")[0].GetProperty("data").GetProperty("format").GetString());
    }

    [Fact]
    public void CountsOnly_OmitsZeroCounts_AndEventFields()
    {
        var n = Build(PushNotice.CountsOnly(0), Phone);

        Assert.Equal(["counts", "devices"], n.EnumerateObject().Select(p => p.Name));
        Assert.Equal("{}", n.GetProperty("counts").GetRawText());
        Assert.False(n.GetProperty("devices")[0].TryGetProperty("tweaks", out _));
    }

    [Fact]
    public void InviteForTheUser_SetsUserIsTarget()
    {
        var invite = Notice() with { Event = Event("m.room.member", new { membership = "invite" }, stateKey: Me) };

        Assert.True(Build(invite, Phone, PushRoomDetails.None).GetProperty("user_is_target").GetBoolean());
    }
}
