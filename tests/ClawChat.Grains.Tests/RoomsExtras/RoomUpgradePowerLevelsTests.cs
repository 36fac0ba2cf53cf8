using System.Text.Json;
using ClawChat.Grains.Rooms;

namespace ClawChat.Grains.Tests.RoomsExtras;

public sealed class RoomUpgradePowerLevelsTests
{
    [Fact]
    public void RaiseUpgrader_LiftsTheUpgraderToTheHighestLevelTheStateNeeds()
    {
        using var levels = JsonDocument.Parse("""{"users": {"@up:test": 60, "@mod:test": 50}, "state_default": 50, "events": {"m.room.power_levels": 100, "m.room.tombstone": 60}}""");

        var (content, raised) = RoomUpgradeGrain.RaiseUpgrader(levels.RootElement, "@up:test");

        Assert.True(raised);
        Assert.Equal(100, content!.Value.GetProperty("users").GetProperty("@up:test").GetInt64());
        Assert.Equal(50, content.Value.GetProperty("users").GetProperty("@mod:test").GetInt64());
    }

    [Fact]
    public void RaiseUpgrader_KeepsLevelsThatAreHighEnough_AndHandlesMissingPowerLevels()
    {
        using var levels = JsonDocument.Parse("""{"users": {"@up:test": 100}, "events": {"m.room.power_levels": 100}}""");

        Assert.False(RoomUpgradeGrain.RaiseUpgrader(levels.RootElement, "@up:test").Raised);
        Assert.Equal((null, false), RoomUpgradeGrain.RaiseUpgrader(null, "@up:test"));
    }
}
