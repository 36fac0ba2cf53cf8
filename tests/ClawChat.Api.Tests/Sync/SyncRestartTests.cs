using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Sync;

/// <summary>DESIGN §5: a token issued before a silo restart still works after it — none lost, none doubled. The silo
/// is restarted on the same data directory (SQLite), so everything comes back from storage.</summary>
public sealed class SyncRestartTests
{
    [Fact]
    public async Task TokenFromBeforeARestart_ReturnsExactlyTheEventsAfterIt()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "clawchat-sync-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string aliceId, bobId, password, roomId, tokenBefore, tokenAfterTwo;
            await using (var silo = await RunningSilo.StartAsync("--ClawChat:DataDirectory", dataDirectory))
            {
                password = "pw-" + Guid.NewGuid().ToString("N");
                var alice = await MatrixTestClient.RegisterAsync(silo, password: password);
                var bob = await MatrixTestClient.RegisterAsync(silo, password: password);
                (aliceId, bobId) = (alice.UserId, bob.UserId);
                roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
                await bob.JoinAsync(roomId);
                await alice.SendTextAsync(roomId, "seen before");
                tokenBefore = (await bob.SyncAsync()).NextBatch();
                await alice.SendTextAsync(roomId, "one");
                await alice.SendTextAsync(roomId, "two");
                tokenAfterTwo = (await bob.SyncAsync(tokenBefore)).NextBatch();
                await alice.SendTextAsync(roomId, "three");
            }

            await using (var silo = await RunningSilo.StartAsync("--ClawChat:DataDirectory", dataDirectory))
            {
                var bob = await MatrixTestClient.LoginAsync(silo, bobId, password);
                var alice = await MatrixTestClient.LoginAsync(silo, aliceId, password);
                var fromBefore = await bob.SyncAsync(tokenBefore);
                var fromMiddle = await bob.SyncAsync(tokenAfterTwo);
                var caughtUp = await bob.SyncAsync(fromBefore.NextBatch());
                await alice.SendTextAsync(roomId, "four");
                var live = await bob.SyncAsync(caughtUp.NextBatch());

                Assert.Equal(["one", "two", "three"], fromBefore.Timeline(roomId).Bodies());
                Assert.Equal(["three"], fromMiddle.Timeline(roomId).Bodies());
                Assert.Null(caughtUp.Room("join", roomId));
                Assert.Equal(["four"], live.Timeline(roomId).Bodies());
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
