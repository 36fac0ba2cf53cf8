using System.Text.Json;
using ClawChat.Grains.Interfaces.Push;
using static ClawChat.Grains.Tests.Push.PushTestEvents;

namespace ClawChat.Grains.Tests.Push;

/// <summary>What the spec's server-default rules (v1.19, DIGEST §15) do to typical events.</summary>
public sealed class DefaultPushRulesTests
{
    [Fact]
    public void Defaults_FillInTheUsersId_AndKeepTheSpecOrder()
    {
        var rules = Defaults();

        Assert.Equal(
            [".m.rule.master", ".m.rule.suppress_notices", ".m.rule.invite_for_me", ".m.rule.member_event", ".m.rule.is_user_mention",
             ".m.rule.is_room_mention", ".m.rule.tombstone", ".m.rule.reaction", ".m.rule.room.server_acl", ".m.rule.suppress_edits"],
            rules.Override.Select(r => r.RuleId));
        Assert.Equal([".m.rule.call", ".m.rule.encrypted_room_one_to_one", ".m.rule.room_one_to_one", ".m.rule.message", ".m.rule.encrypted"], rules.Underride.Select(r => r.RuleId));
        Assert.Empty(rules.Content);
        Assert.All(rules.Override.Concat(rules.Underride), r => Assert.True(r.Default));
        Assert.False(rules.Override[0].Enabled);
        var mention = rules.Override.Single(r => r.RuleId == ".m.rule.is_user_mention");
        Assert.Equal(Me, mention.Conditions!.Value[0].GetProperty("value").GetString());
        Assert.DoesNotContain("[the user's Matrix ID]", JsonSerializer.Serialize(PushRulesetJson.ToAccountData(rules)), StringComparison.Ordinal);
    }

    public static TheoryData<string, JsonElement, int, string?, bool, bool, string?> Cases() => new()
    {
        // name, event, members, expected rule, notify, highlight, sound
        { "message in a group notifies quietly", Text("hello"), 5, ".m.rule.message", true, false, null },
        { "message in a DM notifies with sound", Text("hello"), 2, ".m.rule.room_one_to_one", true, false, "default" },
        { "encrypted event in a DM notifies with sound", Event("m.room.encrypted", new { algorithm = "m.megolm.v1.aes-sha2", ciphertext = "x" }), 2, ".m.rule.encrypted_room_one_to_one", true, false, "default" },
        { "encrypted event in a group notifies", Event("m.room.encrypted", new { algorithm = "m.megolm.v1.aes-sha2", ciphertext = "x" }), 5, ".m.rule.encrypted", true, false, null },
        { "notices are suppressed", Text("bot says hi", msgtype: "m.notice"), 2, ".m.rule.suppress_notices", false, false, null },
        { "user mention highlights with sound", Mentioning("hey you", [Me]), 5, ".m.rule.is_user_mention", true, true, "default" },
        { "mention of someone else is a plain message", Mentioning("hey you", ["@else:push.test"]), 5, ".m.rule.message", true, false, null },
        { "member events never notify", Event("m.room.member", new { membership = "join" }, stateKey: Other), 2, ".m.rule.member_event", false, false, null },
        { "an invite for me notifies with sound", Event("m.room.member", new { membership = "invite" }, stateKey: Me), 5, ".m.rule.invite_for_me", true, false, "default" },
        { "an invite for someone else is a member event", Event("m.room.member", new { membership = "invite" }, stateKey: "@else:push.test"), 5, ".m.rule.member_event", false, false, null },
        { "a tombstone highlights", Event("m.room.tombstone", new { body = "moved", replacement_room = "!new:push.test" }, stateKey: ""), 5, ".m.rule.tombstone", true, true, null },
        { "reactions do not notify", Event("m.reaction", new Dictionary<string, object> { ["m.relates_to"] = new { rel_type = "m.annotation", event_id = "$x", key = "👍" } }), 2, ".m.rule.reaction", false, false, null },
        { "server ACL changes do not notify", Event("m.room.server_acl", new { allow = new[] { "*" } }, stateKey: ""), 5, ".m.rule.room.server_acl", false, false, null },
        { "edits do not notify", Event("m.room.message", new Dictionary<string, object> { ["msgtype"] = "m.text", ["body"] = "* fixed", ["m.relates_to"] = new { rel_type = "m.replace", event_id = "$x" } }), 2, ".m.rule.suppress_edits", false, false, null },
        { "call invites ring", Event("m.call.invite", new { call_id = "c", version = 1 }), 2, ".m.rule.call", true, false, "ring" },
        { "unknown event types match nothing", Event("org.example.custom", new { x = 1 }), 5, null, false, false, null },
        { "the display name in the body no longer highlights (removed in v1.17)", Text("Me Myself: look"), 5, ".m.rule.message", true, false, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DefaultRules_DecideAsTheSpecSays(string name, JsonElement roomEvent, int members, string? rule, bool notify, bool highlight, string? sound)
    {
        var result = Evaluate(roomEvent, members: members);

        Assert.True(rule == result.RuleId, $"{name}: expected rule {rule ?? "(none)"} but got {result.RuleId ?? "(none)"}");
        Assert.Equal(notify, result.Notify);
        Assert.Equal(highlight, result.Highlight);
        Assert.Equal(sound, result.Actions?.Sound);
    }

    [Fact]
    public void RoomMention_BySomeoneWithPower_Highlights()
    {
        var result = Evaluate(Mentioning("@room look", room: true), levels: Levels(senderLevel: 50));

        Assert.Equal(".m.rule.is_room_mention", result.RuleId);
        Assert.True(result.Highlight);
    }

    [Fact]
    public void RoomMention_BySomeoneWithoutPower_IsAPlainMessage()
    {
        var result = Evaluate(Mentioning("@room look", room: true), levels: Levels(senderLevel: 0));

        Assert.Equal(".m.rule.message", result.RuleId);
        Assert.False(result.Highlight);
    }

    [Fact]
    public void RoomMention_HonoursTheRoomsNotificationLevel()
    {
        var result = Evaluate(Mentioning("@room look", room: true), levels: Levels(senderLevel: 10, roomNotification: 10));

        Assert.True(result.Highlight);
    }

    [Fact]
    public void RoomMention_WithoutKnownPowerLevels_AsksForThem()
    {
        var result = Evaluate(Mentioning("@room look", room: true), levelsKnown: false);

        Assert.True(result.NeedsPowerLevels);
        Assert.False(result.Notify);
    }

    [Fact]
    public void PlainMessage_WithoutKnownPowerLevels_DoesNotNeedThem()
    {
        var result = Evaluate(Text("hello"), levelsKnown: false);

        Assert.False(result.NeedsPowerLevels);
        Assert.Equal(".m.rule.message", result.RuleId);
    }

    [Fact]
    public void MasterRule_WhenEnabled_SilencesEverything()
    {
        var rules = With(d => d with { Override = [d.Override[0] with { Enabled = true }, .. d.Override.Skip(1)] });

        var result = Evaluate(Mentioning("hey", [Me]), rules);

        Assert.Equal(".m.rule.master", result.RuleId);
        Assert.False(result.Notify);
    }
}
