using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Tests.Auth;

public sealed class PowerLevelsTests
{
    [Fact]
    public void WithoutEvent_GivesCreator100AndSpecDefaults()
    {
        var levels = PowerLevels.WithoutEvent("@alice:example.org");

        Assert.Equal(100, levels.GetUserLevel("@alice:example.org"));
        Assert.Equal(0, levels.GetUserLevel("@bob:example.org"));
        Assert.Equal(50, levels.StateDefault);
        Assert.Equal(0, levels.EventsDefault);
        Assert.Equal(0, levels.Invite);
        Assert.Equal(50, levels.Kick);
        Assert.Equal(50, levels.Ban);
        Assert.Equal(50, levels.Redact);
        Assert.Equal(50, levels.NotificationRoom);
    }

    [Fact]
    public void FromContent_UsesDefaultsForMissingKeys()
    {
        var levels = PowerLevels.FromContent(TestJson.Parse("{}"), RoomVersion.V11);

        Assert.Equal(0, levels.UsersDefault);
        Assert.Equal(50, levels.StateDefault);
        Assert.Equal(50, levels.NotificationRoom);
        Assert.Equal(0, levels.GetUserLevel("@alice:example.org"));
    }

    [Fact]
    public void FromContent_ReadsAllFields()
    {
        var levels = PowerLevels.FromContent(
            TestJson.Parse("{'users':{'@a:d':75},'users_default':5,'events':{'m.room.name':20},'events_default':1,'state_default':40,'invite':2,'kick':3,'ban':4,'redact':6,'notifications':{'room':7}}"),
            RoomVersion.V11);

        Assert.Equal(75, levels.GetUserLevel("@a:d"));
        Assert.Equal(5, levels.GetUserLevel("@b:d"));
        Assert.Equal(20, levels.GetRequiredLevel("m.room.name", isState: true));
        Assert.Equal(40, levels.GetRequiredLevel("m.room.topic", isState: true));
        Assert.Equal(1, levels.GetRequiredLevel("m.room.message", isState: false));
        Assert.Equal((2, 3, 4, 6, 7), (levels.Invite, levels.Kick, levels.Ban, levels.Redact, levels.NotificationRoom));
    }

    [Fact]
    public void FromContent_IgnoresStringLevelsInV10AndLater()
    {
        var levels = PowerLevels.FromContent(TestJson.Parse("{'ban':'10','users':{'@a:d':'90'}}"), RoomVersion.V11);

        Assert.Equal(50, levels.Ban);
        Assert.Equal(0, levels.GetUserLevel("@a:d"));
    }

    [Theory]
    [InlineData("10", 10)]
    [InlineData(" -5 ", -5)]
    [InlineData("+7", 7)]
    public void TryReadLevel_AcceptsNumericStringsWhenOlderRoomVersionsAllowThem(string text, long expected)
    {
        Assert.True(PowerLevels.TryReadLevel(TestJson.Raw($"\"{text}\""), allowStrings: true, out var level));
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData("{'ban':50}", null)]
    [InlineData("{'ban':'50'}", "'ban' must be an integer")]
    [InlineData("{'kick':1.5e1}", null)]
    [InlineData("{'users':{'@a:d':1,'bad':2}}", "'users' must map valid user IDs to integers")]
    [InlineData("{'events':{'a':null}}", "'events' must be an object of integers")]
    [InlineData("{'notifications':5}", "'notifications' must be an object of integers")]
    public void Validate_ChecksShapeForV10AndLater(string content, string? expected) =>
        Assert.Equal(expected, PowerLevels.Validate(TestJson.Parse(content), RoomVersion.V10));
}
