using System.Diagnostics;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Sync;

/// <summary>A waiting <c>/sync</c> returns as soon as something the user can see happens (DIGEST §6 long-polling),
/// well before its 30 s timeout.</summary>
public sealed class SyncLongPollTests(SyncSiloFixture fixture) : IClassFixture<SyncSiloFixture>
{
    private static readonly TimeSpan ProofOfWaiting = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan WellBeforeTimeout = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("message")]
    [InlineData("typing")]
    [InlineData("receipt")]
    [InlineData("account data")]
    [InlineData("room account data")]
    [InlineData("invite")]
    public async Task LongPoll_WakesUp_On(string change)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        var eventId = await bob.SendTextAsync(roomId, "hello");
        var token = (await alice.SyncAsync()).NextBatch();

        var waiting = alice.SyncAsync(token, timeoutMs: 30_000);
        Assert.False(waiting.Wait(ProofOfWaiting), "the long-poll returned before anything happened: " + (waiting.IsCompletedSuccessfully ? waiting.Result.Text : string.Empty));
        var clock = Stopwatch.StartNew();
        string invitedRoom = string.Empty;
        switch (change)
        {
            case "message":
                await bob.SendTextAsync(roomId, "wake up");
                break;
            case "typing":
                (await bob.PutAsync($"{RoomApi.Room(roomId)}/typing/{MatrixTestClient.Escape(bob.UserId)}", new { typing = true, timeout = 30000 })).AssertOk();
                break;
            case "receipt":
                (await bob.PostAsync($"{RoomApi.Room(roomId)}/receipt/m.read/{MatrixTestClient.Escape(eventId)}")).AssertOk();
                break;
            case "account data":
                (await alice.PutAsync($"{RoomApi.V3}/user/{MatrixTestClient.Escape(alice.UserId)}/account_data/org.example.poke", new { n = 1 })).AssertOk();
                break;
            case "room account data":
                (await alice.PutAsync($"{RoomApi.V3}/user/{MatrixTestClient.Escape(alice.UserId)}/rooms/{MatrixTestClient.Escape(roomId)}/tags/u.work", new { order = 0.5 })).AssertOk();
                break;
            case "invite":
                invitedRoom = await bob.CreateRoomAsync(new { invite = new[] { alice.UserId } });
                break;
        }

        var response = await waiting.WaitAsync(WellBeforeTimeout);
        var elapsed = clock.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"woke {elapsed.TotalMilliseconds:F0} ms after the {change}");
        switch (change)
        {
            case "message":
                Assert.Equal(["wake up"], response.Timeline(roomId).Bodies());
                break;
            case "typing":
                Assert.Equal(bob.UserId, Assert.Single(response.Ephemeral(roomId, "m.typing")).GetProperty("content").GetProperty("user_ids")[0].GetString());
                break;
            case "receipt":
                var receipt = Assert.Single(response.Ephemeral(roomId, "m.receipt"));
                Assert.True(receipt.GetProperty("content").GetProperty(eventId).GetProperty("m.read").TryGetProperty(bob.UserId, out _));
                break;
            case "account data":
                Assert.Contains(response["account_data"].GetProperty("events").EnumerateArray(), e => e.Str("type") == "org.example.poke");
                break;
            case "room account data":
                var tag = Assert.Single(response.Joined(roomId).Events("account_data"), e => e.Str("type") == "m.tag");
                Assert.Equal(0.5, tag.GetProperty("content").GetProperty("tags").GetProperty("u.work").GetProperty("order").GetDouble());
                break;
            case "invite":
                Assert.NotNull(response.Room("invite", invitedRoom));
                break;
        }
    }

    [Fact]
    public async Task LongPoll_WithNothingNew_ReturnsAfterTheTimeout_WithAUsableToken()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var token = (await alice.SyncAsync()).NextBatch();

        var clock = Stopwatch.StartNew();
        var empty = await alice.SyncAsync(token, timeoutMs: 500);
        var waited = clock.Elapsed;
        await alice.SendTextAsync(roomId, "after the timeout");
        var next = await alice.SyncAsync(empty.NextBatch());

        Assert.True(waited >= TimeSpan.FromMilliseconds(450), $"returned after {waited.TotalMilliseconds:F0} ms");
        Assert.Empty(empty["rooms"].GetProperty("join").EnumerateObject());
        Assert.Equal(["after the timeout"], next.Timeline(roomId).Bodies());
    }
}
