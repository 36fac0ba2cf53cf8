using static ClawChat.Grains.Tests.Push.PushTestEvents;

namespace ClawChat.Grains.Tests.Push;

/// <summary>Every condition kind of DIGEST §15 on its own.</summary>
public sealed class PushConditionTests
{
    [Theory]
    [InlineData("m.room.message", "type", "m.room.message", true)]
    [InlineData("M.ROOM.*", "type", "m.room.message", true)]
    [InlineData("m.room.?essage", "type", "m.room.message", true)]
    [InlineData("m.room", "type", "m.room.message", false)]
    [InlineData("m.room.message.extra", "type", "m.room.message", false)]
    [InlineData("cake", "content.body", "I like Cake!", true)]
    [InlineData("cake", "content.body", "cakes are good", false)]
    [InlineData("cake*", "content.body", "cakes are good", true)]
    [InlineData("cake", "content.body", "pancake", false)]
    [InlineData("cake lie", "content.body", "the cake lie is real", true)]
    [InlineData("c?ke", "content.body", "a coke please", true)]
    [InlineData("cake", "content.msgtype", "cake x", false)]
    public void EventMatch_GlobsWholeValues_AndBodyWordsOnBoundaries(string pattern, string key, string value, bool expected)
    {
        var roomEvent = key == "type"
            ? Event(value, new { })
            : Event("m.room.message", new Dictionary<string, string> { [key["content.".Length..]] = value });

        Assert.Equal(expected, ConditionMatches($$"""{"kind":"event_match","key":"{{key}}","pattern":"{{pattern}}"}""", roomEvent));
    }

    [Theory]
    [InlineData("""{"n": 1}""", "content.n")]
    [InlineData("""{"flag": true}""", "content.flag")]
    [InlineData("""{"list": ["a"]}""", "content.list")]
    [InlineData("""{}""", "content.missing")]
    public void EventMatch_NeverMatchesNonStrings(string content, string key)
    {
        var roomEvent = Event("m.room.message", Json(content));

        Assert.False(ConditionMatches($$"""{"kind":"event_match","key":"{{key}}","pattern":"*"}""", roomEvent));
    }

    [Fact]
    public void EventMatch_OnRoomId_UsesTheRoomEvenWhenTheEventHasNone()
    {
        var roomEvent = Json("""{"type":"m.room.message","sender":"@other:push.test","content":{}}""");

        Assert.True(ConditionMatches($$"""{"kind":"event_match","key":"room_id","pattern":"{{Room}}"}""", roomEvent));
    }

    [Theory]
    [InlineData(""" "m.replace" """, """{"m.relates_to":{"rel_type":"m.replace"}}""", true)]
    [InlineData(""" "m.thread" """, """{"m.relates_to":{"rel_type":"m.replace"}}""", false)]
    [InlineData("true", """{"m.relates_to":{"rel_type":true}}""", true)]
    [InlineData("1", """{"m.relates_to":{"rel_type":1}}""", true)]
    [InlineData("1", """{"m.relates_to":{"rel_type":"1"}}""", false)]
    [InlineData("null", """{"m.relates_to":{"rel_type":null}}""", true)]
    [InlineData("null", """{"m.relates_to":{}}""", false)]
    [InlineData("false", """{"m.relates_to":{"rel_type":0}}""", false)]
    public void EventPropertyIs_ComparesExactly_ThroughEscapedDots(string value, string content, bool expected)
    {
        var roomEvent = Event("m.room.message", Json(content));

        Assert.Equal(expected, ConditionMatches($$"""{"kind":"event_property_is","key":"content.m\\.relates_to.rel_type","value":{{value}}}""", roomEvent));
    }

    [Theory]
    [InlineData("""{"a.b":{"c":"x"}}""", """content.a\\.b.c""", true)]
    [InlineData("""{"a":{"b":{"c":"x"}}}""", """content.a\\.b.c""", false)]
    [InlineData("""{"a":{"b":{"c":"x"}}}""", "content.a.b.c", true)]
    [InlineData("""{"a\\b":"x"}""", """content.a\\\\b""", true)]
    [InlineData("""{"a\\b":"x"}""", """content.a\\b""", true)]
    public void DottedPaths_FollowTheEscapingRules(string content, string key, bool expected)
    {
        var roomEvent = Event("m.room.message", Json(content));

        Assert.Equal(expected, ConditionMatches($$"""{"kind":"event_property_is","key":"{{key}}","value":"x"}""", roomEvent));
    }

    [Theory]
    [InlineData("""{"m.mentions":{"user_ids":["@a:push.test","@me:push.test"]}}""", true)]
    [InlineData("""{"m.mentions":{"user_ids":["@a:push.test"]}}""", false)]
    [InlineData("""{"m.mentions":{"user_ids":"@me:push.test"}}""", false)]
    [InlineData("""{"m.mentions":{}}""", false)]
    public void EventPropertyContains_LooksForTheValueInAnArray(string content, bool expected)
    {
        var roomEvent = Event("m.room.message", Json(content));

        Assert.Equal(expected, ConditionMatches("""{"kind":"event_property_contains","key":"content.m\\.mentions.user_ids","value":"@me:push.test"}""", roomEvent));
    }

    [Theory]
    [InlineData("hi Me Myself!", "Me Myself", true)]
    [InlineData("hi me myself", "Me Myself", true)]
    [InlineData("hi Me Myselfish", "Me Myself", false)]
    [InlineData("hi Me Myself", null, false)]
    [InlineData("a*b is here", "a*b", true)]
    [InlineData("aXb is here", "a*b", false)]
    public void ContainsDisplayName_MatchesTheNameAsAWord(string body, string? displayName, bool expected)
    {
        Assert.Equal(expected, ConditionMatches("""{"kind":"contains_display_name"}""", Text(body), displayName: displayName));
    }

    [Theory]
    [InlineData("2", 2, true)]
    [InlineData("2", 3, false)]
    [InlineData("==2", 2, true)]
    [InlineData("<3", 2, true)]
    [InlineData("<3", 3, false)]
    [InlineData(">1", 2, true)]
    [InlineData(">2", 2, false)]
    [InlineData("<=2", 2, true)]
    [InlineData("<=2", 3, false)]
    [InlineData(">=2", 2, true)]
    [InlineData(">=3", 2, false)]
    [InlineData("=2", 2, false)]
    [InlineData("two", 2, false)]
    [InlineData("", 0, false)]
    public void RoomMemberCount_ComparesWithTheOperator(string isValue, int members, bool expected)
    {
        Assert.Equal(expected, ConditionMatches($$"""{"kind":"room_member_count","is":"{{isValue}}"}""", Text("x"), members: members));
    }

    [Theory]
    [InlineData(100L, null, true)]
    [InlineData(50L, null, true)]
    [InlineData(49L, null, false)]
    [InlineData(0L, 0L, true)]
    public void SenderNotificationPermission_ComparesTheSendersLevel(long senderLevel, long? required, bool expected)
    {
        Assert.Equal(expected, ConditionMatches("""{"kind":"sender_notification_permission","key":"room"}""", Text("x"), levels: Levels(senderLevel, required)));
    }

    [Fact]
    public void SenderNotificationPermission_FailsWhenThePowerLevelsAreUnavailable()
    {
        Assert.False(ConditionMatches("""{"kind":"sender_notification_permission","key":"room"}""", Text("x"), levels: null));
    }

    [Theory]
    [InlineData("""{"kind":"org.example.unknown"}""")]
    [InlineData("""{"kind":"event_match","key":"type"}""")]
    [InlineData("""{"kind":"event_property_is","key":"type","value":{"a":1}}""")]
    [InlineData("""{"kind":"event_property_contains","value":"x"}""")]
    [InlineData("""{"kind":"room_member_count"}""")]
    public void UnknownOrMalformedConditions_NeverMatch(string condition)
    {
        Assert.False(ConditionMatches(condition, Text("x")));
    }

    [Fact]
    public void NoConditions_AlwaysMatch()
    {
        var rules = new Interfaces.Push.PushRuleset(1, [UserRule("all", """["notify"]""", "[]")], [], [], [], []);

        Assert.Equal("all", Evaluate(Event("org.example.anything", null), rules).RuleId);
    }
}
