using ClawChat.Grains.Rooms;

namespace ClawChat.Grains.Tests.Rooms;

public sealed class RoomHistoryTests
{
    [Fact]
    public void Shared_ShowsEverythingBeforeALaterJoin_AndNothingAfterTheLeave()
    {
        var history = new RoomHistory();
        history.RecordVisibility(5, "shared");
        history.RecordMembership("@u:x", 10, "join");
        history.RecordMembership("@u:x", 20, "leave");

        Assert.Equal([new VisibleRange(1, 20)], history.VisibleRanges("@u:x", 30));
    }

    [Fact]
    public void Joined_ShowsOnlyWhileJoined_IncludingTheOwnMemberEvents()
    {
        var history = new RoomHistory();
        history.RecordVisibility(5, "joined");
        history.RecordMembership("@u:x", 10, "join");
        history.RecordMembership("@u:x", 20, "leave");

        Assert.Equal([new VisibleRange(1, 5), new VisibleRange(10, 20)], history.VisibleRanges("@u:x", 30));
    }

    [Fact]
    public void Invited_ShowsEventsFromTheInvite_NotSharedHistoryBeforeIt()
    {
        var history = new RoomHistory();
        history.RecordVisibility(3, "invited");
        history.RecordMembership("@u:x", 10, "invite");

        Assert.Equal([new VisibleRange(10, 15)], history.VisibleRanges("@u:x", 15));
    }

    [Fact]
    public void WorldReadable_ShowsEverythingFromTheChangeToAnyone()
    {
        var history = new RoomHistory();
        history.RecordVisibility(3, "world_readable");

        Assert.Equal([new VisibleRange(3, 9)], history.VisibleRanges("@stranger:x", 9));
    }
}
