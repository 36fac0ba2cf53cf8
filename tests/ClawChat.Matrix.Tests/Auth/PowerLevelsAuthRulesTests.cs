using System.Text.Json.Nodes;
using ClawChat.Matrix.Events;
using static ClawChat.Matrix.Tests.Auth.TestRoom;

namespace ClawChat.Matrix.Tests.Auth;

/// <summary>Rule 10 of DIGEST §4.3: who may change which power levels.</summary>
public sealed class PowerLevelsAuthRulesTests
{
    // $A Alice 100, $B Bob 50, $E Erin 50, $C Carol 0. Bob may send m.room.power_levels (level 50).
    private const string Base =
        "{'users':{'$A':100,'$B':50,'$E':50},'events':{'m.room.power_levels':50,'m.room.name':50}," +
        "'ban':50,'kick':50,'redact':50,'invite':0,'state_default':50,'events_default':0,'users_default':0,'notifications':{'room':50}}";

    [Theory]
    [InlineData("$B", "{}", true)]
    [InlineData("$B", "{'users':{'$A':100,'$B':50,'$E':50,'$C':50}}", true)]    // grant up to own level
    [InlineData("$B", "{'users':{'$A':100,'$B':50,'$E':50,'$C':51}}", false)]   // grant above own level
    [InlineData("$B", "{'users':{'$A':100,'$B':50,'$E':0}}", false)]            // demote a peer
    [InlineData("$B", "{'users':{'$A':100,'$B':50}}", false)]                   // remove a peer
    [InlineData("$B", "{'users':{'$A':100,'$B':10,'$E':50}}", true)]            // demote self
    [InlineData("$B", "{'users':{'$A':100,'$E':50}}", true)]                    // remove own entry
    [InlineData("$B", "{'users':{'$A':100,'$B':60,'$E':50}}", false)]           // raise self
    [InlineData("$A", "{'users':{'$A':100,'$B':0,'$E':50}}", true)]             // demote a lower user
    [InlineData("$A", "{'users':{'$A':100,'$B':100,'$E':50}}", true)]           // promote to own level
    [InlineData("$B", "{'ban':40}", true)]
    [InlineData("$B", "{'ban':60}", false)]
    [InlineData("$B", "{'kick':null}", true)]                                   // remove a value at own level
    [InlineData("$B", "{'users_default':50}", true)]
    [InlineData("$B", "{'users_default':51}", false)]
    [InlineData("$B", "{'invite':51}", false)]
    [InlineData("$B", "{'events':{'m.room.power_levels':50,'m.room.name':50,'m.room.topic':50}}", true)]
    [InlineData("$B", "{'events':{'m.room.power_levels':50,'m.room.name':50,'m.room.topic':60}}", false)]
    [InlineData("$B", "{'events':{'m.room.power_levels':50}}", true)]
    [InlineData("$B", "{'notifications':{'room':20}}", true)]
    [InlineData("$B", "{'notifications':{'room':60}}", false)]
    [InlineData("$B", "{'state_default':'50'}", false)]                         // v10+: integers only
    [InlineData("$B", "{'ban':true}", false)]
    [InlineData("$B", "{'events':{'m.room.name':'10'}}", false)]
    [InlineData("$B", "{'events':[]}", false)]
    [InlineData("$B", "{'notifications':{'room':'5'}}", false)]
    [InlineData("$B", "{'users':{'not-a-user':10}}", false)]
    [InlineData("$B", "{'users':{'$C':'10'}}", false)]
    [InlineData("$C", "{}", false)]                                               // needs level 50 to send at all
    public void Change_IsAllowedOnlyWithinSendersLevel(string sender, string patch, bool allowed)
    {
        var room = WithMembers(JoinRules.Public);
        room.SetPowerLevels(Expand(Base));

        var pl = room.Build(EventTypes.PowerLevels, string.Empty, Merge(Expand(Base), Expand(patch)), Expand(sender));

        Assert.Equal(allowed, room.Check(pl).IsAllowed);
    }

    [Fact]
    public void Change_IsDenied_WhenOldValueIsAboveSendersLevel()
    {
        var room = WithMembers(JoinRules.Public);
        room.SetPowerLevels(Expand("{'users':{'$A':100,'$B':50},'events':{'m.room.power_levels':50},'kick':100}"));

        var pl = room.Build(EventTypes.PowerLevels, string.Empty, Expand("{'users':{'$A':100,'$B':50},'events':{'m.room.power_levels':50},'kick':50}"), Bob);

        Assert.False(room.Check(pl).IsAllowed);
    }

    [Fact]
    public void Change_IsDenied_WhenEventLevelAboveSenderIsRemoved()
    {
        var room = WithMembers(JoinRules.Public);
        room.SetPowerLevels(Expand("{'users':{'$A':100,'$B':50},'events':{'m.room.power_levels':50,'m.room.tombstone':100}}"));

        var pl = room.Build(EventTypes.PowerLevels, string.Empty, Expand("{'users':{'$A':100,'$B':50},'events':{'m.room.power_levels':50}}"), Bob);

        Assert.False(room.Check(pl).IsAllowed);
    }

    [Fact]
    public void FirstPowerLevelsEvent_IsAllowed_WhateverItGrants()
    {
        var room = New();

        var pl = room.Build(EventTypes.PowerLevels, string.Empty, Expand("{'users':{'$A':100,'$B':1000}}"), Alice);

        Assert.True(room.Check(pl).IsAllowed);
    }

    [Fact]
    public void FirstPowerLevelsEvent_IsStillValidated()
    {
        var room = New();

        var pl = room.Build(EventTypes.PowerLevels, string.Empty, Expand("{'users':{'$A':'100'}}"), Alice);

        Assert.False(room.Check(pl).IsAllowed);
    }

    [Fact]
    public void FirstPowerLevelsEvent_IsDenied_ForNonCreatorWithoutPowerLevels()
    {
        var room = New();
        room.SetJoinRule(JoinRules.Public);
        room.Apply(room.Member(Dave, Dave, Membership.Join));

        var pl = room.Build(EventTypes.PowerLevels, string.Empty, Expand("{'users':{'@dave:example.org':100}}"), Dave);

        Assert.False(room.Check(pl).IsAllowed);
    }

    private static string Expand(string template) => template
        .Replace("$A", Alice, StringComparison.Ordinal)
        .Replace("$B", Bob, StringComparison.Ordinal)
        .Replace("$E", Erin, StringComparison.Ordinal)
        .Replace("$C", Carol, StringComparison.Ordinal);

    /// <summary>Shallow merge: top-level keys of the patch replace the base's; a null value removes the key.</summary>
    private static string Merge(string baseJson, string patchJson)
    {
        var result = JsonNode.Parse(baseJson.Replace('\'', '"'))!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(patchJson.Replace('\'', '"'))!.AsObject())
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result.ToJsonString();
    }
}
