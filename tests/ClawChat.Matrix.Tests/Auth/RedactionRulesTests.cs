using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Events;
using static ClawChat.Matrix.Tests.Auth.TestRoom;

namespace ClawChat.Matrix.Tests.Auth;

public sealed class RedactionRulesTests
{
    [Theory]
    [InlineData(Carol, Carol, true)]   // own event
    [InlineData(Carol, Bob, false)]    // someone else's, below redact level
    [InlineData(Bob, Carol, true)]     // moderator
    [InlineData(Bob, Alice, true)]     // the redact level is all that matters, not relative power
    public void MayRedact_OwnEventsOrWithRedactLevel(string redactor, string author, bool allowed)
    {
        var room = WithMembers(JoinRules.Public);
        var target = room.Apply(room.Build(EventTypes.Message, null, "{'body':'x'}", author));

        Assert.Equal(allowed, RedactionRules.MayRedact(redactor, target, room.State.GetPowerLevels(room.Version)));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("11")]
    public void ShouldApply_FindsTargetWhereTheRoomVersionPutsIt(string versionId)
    {
        RoomVersion.TryGet(versionId, out var version);
        var room = WithMembers(JoinRules.Public, version);
        var target = room.Apply(room.Build(EventTypes.Message, null, "{'body':'x'}", Carol));
        var redaction = room.Apply(room.Build(EventTypes.Redaction, null, "{}", Bob, redacts: target.EventId));

        Assert.True(RedactionRules.ShouldApply(redaction, target, room.State.GetPowerLevels(version!), version!));
    }

    [Fact]
    public void ShouldApply_IsFalse_ForAnotherEvent()
    {
        var room = WithMembers(JoinRules.Public);
        var target = room.Apply(room.Build(EventTypes.Message, null, "{'body':'x'}", Carol));
        var other = room.Apply(room.Build(EventTypes.Message, null, "{'body':'y'}", Carol));
        var redaction = room.Apply(room.Build(EventTypes.Redaction, null, "{}", Bob, redacts: target.EventId));

        Assert.False(RedactionRules.ShouldApply(redaction, other, room.State.GetPowerLevels(room.Version), room.Version));
    }

    [Fact]
    public void ShouldApply_IsTrue_ForSameServerSenderWithoutRedactLevel()
    {
        var room = WithMembers(JoinRules.Public);
        var target = room.Apply(room.Build(EventTypes.Message, null, "{'body':'x'}", Bob));
        var redaction = room.Apply(room.Build(EventTypes.Redaction, null, "{}", Carol, redacts: target.EventId));

        Assert.True(RedactionRules.ShouldApply(redaction, target, room.State.GetPowerLevels(room.Version), room.Version));
    }
}
