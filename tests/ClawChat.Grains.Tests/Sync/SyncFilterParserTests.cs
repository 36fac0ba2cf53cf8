using System.Text.Json;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Grains.Sync;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Tests.Sync;

public sealed class SyncFilterParserTests
{
    [Fact]
    public void Parse_ReadsEverySection_AndIgnoresUnknownFields()
    {
        var filter = SyncFilterParser.Parse(Json("""
            {"event_fields":["type","content.body"],"event_format":"client","unknown":1,
             "presence":{"types":["m.presence"],"limit":3},
             "account_data":{"not_types":["m.push_rules"]},
             "room":{"rooms":["!a:x"],"not_rooms":["!b:x"],"include_leave":true,
                     "state":{"lazy_load_members":true,"include_redundant_members":true},
                     "timeline":{"limit":5,"types":["m.room.*"],"not_senders":["@eve:x"],"contains_url":false,"unread_thread_notifications":true},
                     "ephemeral":{"types":[]},"account_data":{"limit":0}}}
            """));

        Assert.Equal(["type", "content.body"], filter.EventFields);
        Assert.Equal(3, filter.Presence!.Limit);
        Assert.Equal(["m.push_rules"], filter.AccountData!.NotTypes);
        var room = filter.RoomFilter;
        Assert.True(room.IncludeLeave);
        Assert.True(room.IncludesRoom("!a:x"));
        Assert.False(room.IncludesRoom("!b:x"));
        Assert.False(room.IncludesRoom("!c:x"));
        Assert.True(room.State!.LazyLoadMembers);
        Assert.True(room.State.IncludeRedundantMembers);
        Assert.Equal(5, room.Timeline!.Limit);
        Assert.True(room.Timeline.UnreadThreadNotifications);
        Assert.False(room.Timeline.ContainsUrl);
        Assert.True(room.Ephemeral!.ExcludesEverything);
        Assert.True(room.AccountData!.ExcludesEverything);
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{"event_fields":"type"}""")]
    [InlineData("""{"event_format":"xml"}""")]
    [InlineData("""{"room":{"timeline":{"limit":"ten"}}}""")]
    [InlineData("""{"room":{"timeline":{"limit":-1}}}""")]
    [InlineData("""{"room":{"rooms":[1]}}""")]
    [InlineData("""{"room":{"include_leave":"yes"}}""")]
    [InlineData("""{"presence":[]}""")]
    public void Parse_RejectsWrongTypes_WithBadJson(string json)
    {
        var error = Assert.Throws<MatrixException>(() => SyncFilterParser.Parse(Json(json)));

        Assert.Equal("M_BAD_JSON", error.ErrCode);
    }

    [Fact]
    public void EventFields_KeepOnlyTheListedPaths_WithEscapedDots()
    {
        var source = Json("""{"type":"m.room.message","sender":"@a:x","content":{"body":"hi","m.relates_to":{"rel_type":"x"},"msgtype":"m.text"}}""");
        var paths = EventFieldsProjector.Compile(["type", "content.body", @"content.m\.relates_to", "content.missing"]);

        var projected = EventFieldsProjector.Project(source, paths);

        Assert.Equal("""{"type":"m.room.message","content":{"body":"hi","m.relates_to":{"rel_type":"x"}}}""", projected.GetRawText());
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
