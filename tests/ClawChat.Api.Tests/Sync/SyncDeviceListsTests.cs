using System.Net;
using System.Text.Json;
using ClawChat.Api.Tests.E2ee.Keys;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Sync;

/// <summary><c>device_lists</c> in <c>/sync</c> and <c>GET /keys/changes</c> over HTTP (DIGEST §12.4–12.5): joins
/// make members track each other, leaving the last shared room reports "left", key uploads report "changed".</summary>
public sealed class SyncDeviceListsTests(SyncSiloFixture fixture) : IClassFixture<SyncSiloFixture>
{
    private static List<string> Changed(MatrixResponse response) => Strings(response["device_lists"].GetProperty("changed"));

    private static List<string> Left(MatrixResponse response) => Strings(response["device_lists"].GetProperty("left"));

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static Task<MatrixResponse> KeyChangesAsync(MatrixTestClient client, string from, string to) =>
        client.GetAsync($"{RoomApi.V3}/keys/changes?from={MatrixTestClient.Escape(from)}&to={MatrixTestClient.Escape(to)}");

    /// <summary>Bob joins alice's public room; returns alice's sync token from once her sync listed him as changed.</summary>
    private async Task<(MatrixTestClient Alice, MatrixTestClient Bob, string RoomId, string Joined)> BobJoinsAliceAsync()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var start = (await alice.SyncAsync()).NextBatch();
        await bob.JoinAsync(roomId);
        var (joined, _) = await alice.SyncUntilAsync(start, rs => rs.Any(r => Changed(r).Contains(bob.UserId)), "bob in alice's device_lists.changed");
        return (alice, bob, roomId, joined);
    }

    [Fact]
    public async Task Join_ListsTheNewMemberAsChanged_ForBothSides()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var aliceToken = (await alice.SyncAsync()).NextBatch();
        var bobToken = (await bob.SyncAsync()).NextBatch();

        await bob.JoinAsync(roomId);

        await alice.SyncUntilAsync(aliceToken, rs => rs.Any(r => Changed(r).Contains(bob.UserId)), "bob in alice's device_lists.changed");
        await bob.SyncUntilAsync(bobToken, rs => rs.Any(r => Changed(r).Contains(alice.UserId)), "alice in bob's device_lists.changed");
    }

    [Fact]
    public async Task LeavingTheLastSharedRoom_ListsLeft_AndKeyChangesReportsIt()
    {
        var (alice, bob, roomId, joined) = await BobJoinsAliceAsync();

        (await bob.PostAsync($"{RoomApi.Room(roomId)}/leave")).AssertOk();
        var (after, _) = await alice.SyncUntilAsync(joined, rs => rs.Any(r => Left(r).Contains(bob.UserId)), "bob in alice's device_lists.left");
        var changes = (await KeyChangesAsync(alice, joined, after)).AssertOk();

        Assert.Contains(bob.UserId, Strings(changes["left"]));
        Assert.DoesNotContain(bob.UserId, Strings(changes["changed"]));
    }

    [Fact]
    public async Task KeyUpload_ListsTheUploaderAsChanged_ForRoomMates()
    {
        var (alice, bob, _, joined) = await BobJoinsAliceAsync();

        await KeysApi.UploadDeviceKeysAsync(bob);
        var (after, _) = await alice.SyncUntilAsync(joined, rs => rs.Any(r => Changed(r).Contains(bob.UserId)), "bob in alice's device_lists.changed after his key upload");
        var changes = (await KeyChangesAsync(alice, joined, after)).AssertOk();

        Assert.Contains(bob.UserId, Strings(changes["changed"]));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("t1_x")]
    public async Task KeyChanges_RejectsAnInvalidToken(string bad)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var token = (await alice.SyncAsync()).NextBatch();

        (await KeyChangesAsync(alice, bad, token)).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await KeyChangesAsync(alice, token, bad)).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task KeyChanges_WithoutFrom_IsMissingParam()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.GetAsync($"{RoomApi.V3}/keys/changes")).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
    }

    [Fact]
    public async Task InitialSync_HasEmptyDeviceLists()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);

        var initial = await alice.SyncAsync();

        Assert.Empty(Changed(initial));
        Assert.Empty(Left(initial));
    }
}
