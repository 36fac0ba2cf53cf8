using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.RoomsExtras;

/// <summary>Older clients (matrix-nio 0.20, used by the end-to-end test) still call <c>/_matrix/client/r0/…</c>.</summary>
public sealed class LegacyClientPathTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    [Fact]
    public async Task R0Paths_ServeTheV3Endpoints()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var sent = await alice.SendTextAsync(roomId, "hello r0");

        var messages = (await alice.GetAsync($"/_matrix/client/r0/rooms/{MatrixTestClient.Escape(roomId)}/messages?dir=b&from=&limit=1")).AssertOk();

        Assert.Equal([sent], messages["chunk"].EventIds());
    }
}
