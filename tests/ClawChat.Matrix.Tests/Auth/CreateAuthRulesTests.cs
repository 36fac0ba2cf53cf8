using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Tests.Auth;

/// <summary>Rule 1 of DIGEST §4.3: <c>m.room.create</c>.</summary>
public sealed class CreateAuthRulesTests
{
    private static Pdu Create(RoomVersion version, string content, string roomId = "!room:example.org", string sender = "@alice:example.org", string[]? prevEvents = null) =>
        Pdu.Create(new PduDraft
        {
            RoomId = roomId,
            Sender = sender,
            Type = EventTypes.Create,
            StateKey = string.Empty,
            Content = TestJson.Parse(content),
            OriginServerTs = 1,
            PrevEvents = prevEvents ?? [],
            Depth = 1,
        }, version);

    private static bool Check(Pdu pdu, RoomVersion version) => AuthRules.Check(pdu, AuthStateSnapshot.Empty, version).IsAllowed;

    [Fact]
    public void Create_V11_IsAllowed_WithoutCreator() => Assert.True(Check(Create(RoomVersion.V11, "{'room_version':'11'}"), RoomVersion.V11));

    [Fact]
    public void Create_V10_IsAllowed_WithCreator() =>
        Assert.True(Check(Create(RoomVersion.V10, "{'room_version':'10','creator':'@alice:example.org'}"), RoomVersion.V10));

    [Fact]
    public void Create_V10_IsDenied_WithoutCreator() => Assert.False(Check(Create(RoomVersion.V10, "{'room_version':'10'}"), RoomVersion.V10));

    [Fact]
    public void Create_IsAllowed_WithoutRoomVersion() => Assert.True(Check(Create(RoomVersion.V11, "{}"), RoomVersion.V11));

    [Fact]
    public void Create_IsDenied_WithPrevEvents() =>
        Assert.False(Check(Create(RoomVersion.V11, "{'room_version':'11'}", prevEvents: ["$x"]), RoomVersion.V11));

    [Theory]
    [InlineData("!room:other.org")]
    [InlineData("!room:Example.org")]
    [InlineData("!roomwithoutdomain")]
    public void Create_IsDenied_WhenRoomDomainDiffersFromSender(string roomId) =>
        Assert.False(Check(Create(RoomVersion.V11, "{'room_version':'11'}", roomId: roomId), RoomVersion.V11));

    [Theory]
    [InlineData("{'room_version':'99'}")]
    [InlineData("{'room_version':11}")]
    public void Create_IsDenied_WhenRoomVersionIsUnknown(string content) =>
        Assert.False(Check(Create(RoomVersion.V11, content), RoomVersion.V11));
}
