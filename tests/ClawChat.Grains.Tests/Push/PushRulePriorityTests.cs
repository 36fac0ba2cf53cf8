using ClawChat.Grains.Push;
using static ClawChat.Grains.Tests.Push.PushTestEvents;

namespace ClawChat.Grains.Tests.Push;

/// <summary>Kind order (override → content → room → sender → underride), user rules before default rules of
/// their kind (after <c>.m.rule.master</c>), first match wins, disabled rules skipped, legacy actions ignored.</summary>
public sealed class PushRulePriorityTests
{
    [Fact]
    public void UserOverride_ComesBeforeTheDefaultOverrides_ButAfterMaster()
    {
        var silenceOther = UserRule("silence-other", "[]", $$"""[{"kind":"event_match","key":"sender","pattern":"{{Other}}"}]""");
        var rules = With(d => d with { Override = [d.Override[0], silenceOther, .. d.Override.Skip(1)] });

        var result = Evaluate(Mentioning("hey", [Me]), rules);

        Assert.Equal("silence-other", result.RuleId);
        Assert.False(result.Notify);
    }

    [Fact]
    public void ContentRule_BeatsTheMessageUnderride()
    {
        var cake = UserRule("cake", """["notify",{"set_tweak":"highlight"},{"set_tweak":"sound","value":"bing"}]""", pattern: "cake");
        var rules = With(d => d with { Content = [cake] });

        var result = Evaluate(Text("who wants cake?"), rules);

        Assert.Equal("cake", result.RuleId);
        Assert.True(result.Highlight);
        Assert.Equal("bing", result.Actions!.Sound);
    }

    [Fact]
    public void RoomRule_MutesTheRoom_ButMentionsStillHighlight()
    {
        var mute = UserRule(Room, "[]");
        var rules = With(d => d with { Room = [mute] });

        Assert.False(Evaluate(Text("chatter"), rules).Notify);
        Assert.True(Evaluate(Mentioning("hey", [Me]), rules).Highlight);
    }

    [Fact]
    public void RoomRule_ComesBeforeSenderRule()
    {
        var rules = With(d => d with
        {
            Room = [UserRule(Room, "[]")],
            Sender = [UserRule(Other, """["notify",{"set_tweak":"sound","value":"default"}]""")],
        });

        Assert.Equal(Room, Evaluate(Text("hi"), rules).RuleId);
    }

    [Fact]
    public void SenderRule_MatchesOnlyThatSender()
    {
        var rules = With(d => d with { Sender = [UserRule(Other, """["notify",{"set_tweak":"sound","value":"default"}]""")] });

        Assert.Equal(Other, Evaluate(Text("hi"), rules).RuleId);
        Assert.Equal(".m.rule.message", Evaluate(Text("hi", sender: "@third:push.test"), rules).RuleId);
    }

    [Fact]
    public void UserUnderride_ComesBeforeTheDefaultUnderrides()
    {
        var loud = UserRule("loud", """["notify",{"set_tweak":"sound","value":"loud"}]""", """[{"kind":"event_match","key":"type","pattern":"m.room.message"}]""");
        var rules = With(d => d with { Underride = [loud, .. d.Underride] });

        Assert.Equal("loud", Evaluate(Text("hi"), rules, members: 2).RuleId);
    }

    [Fact]
    public void DisabledRules_AreSkipped()
    {
        var rules = With(d => d with { Content = [UserRule("cake", """["notify",{"set_tweak":"highlight"}]""", pattern: "cake", enabled: false)] });

        Assert.Equal(".m.rule.message", Evaluate(Text("cake"), rules).RuleId);
    }

    [Fact]
    public void LegacyDontNotify_DoesNothing_AndCoalesceIsIgnored()
    {
        var rules = With(d => d with
        {
            Content = [UserRule("quiet", """["dont_notify"]""", pattern: "quiet"), UserRule("both", """["notify","coalesce"]""", pattern: "both")],
        });

        var quiet = Evaluate(Text("quiet please"), rules);
        var both = Evaluate(Text("both ways"), rules);

        Assert.Equal("quiet", quiet.RuleId);
        Assert.False(quiet.Notify);
        Assert.Equal("both", both.RuleId);
        Assert.True(both.Notify);
    }

    [Fact]
    public void HighlightWithFalseValue_DoesNotHighlight()
    {
        var rules = With(d => d with { Content = [UserRule("no-hl", """["notify",{"set_tweak":"highlight","value":false}]""", pattern: "x")] });

        var result = Evaluate(Text("x"), rules);

        Assert.True(result.Notify);
        Assert.False(result.Highlight);
    }

    [Fact]
    public void HighlightWithoutNotify_DoesNotCount()
    {
        var rules = With(d => d with { Content = [UserRule("hl-only", """[{"set_tweak":"highlight"}]""", pattern: "x")] });

        Assert.False(Evaluate(Text("x"), rules).Highlight);
    }

    [Theory]
    [InlineData("""{"m.relates_to":{"rel_type":"m.thread","event_id":"$root"}}""", "$root")]
    [InlineData("""{"m.relates_to":{"rel_type":"m.reference","event_id":"$root"}}""", "main")]
    [InlineData("""{"m.relates_to":{"m.in_reply_to":{"event_id":"$x"}}}""", "main")]
    [InlineData("""{}""", "main")]
    public void ThreadOf_NamesTheThreadRoot_OrMain(string content, string expected)
    {
        Assert.Equal(expected, EventThreads.ThreadOf(Event("m.room.message", Json(content))));
    }
}
