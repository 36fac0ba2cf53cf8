using ClawChat.Api.Tests.Sync;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.E2ee.ToDevice;

/// <summary>DIGEST §13: the inbox is the source of truth — messages queued before a silo restart (same data
/// directory, SQLite) are delivered after it, to a token issued before it, and acknowledged as usual.</summary>
public sealed class ToDeviceRestartTests
{
    [Fact]
    public async Task MessagesQueuedBeforeARestart_AreDeliveredAfterIt_Once()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "clawchat-to-device-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string bobId, bobDevice, password, tokenBefore;
            await using (var silo = await RunningSilo.StartAsync("--ClawChat:DataDirectory", dataDirectory))
            {
                password = "pw-" + Guid.NewGuid().ToString("N");
                var alice = await MatrixTestClient.RegisterAsync(silo, password: password);
                var bob = await MatrixTestClient.RegisterAsync(silo, password: password);
                (bobId, bobDevice) = (bob.UserId, bob.DeviceId);
                tokenBefore = (await bob.SyncAsync()).NextBatch();
                await alice.SendNumberAsync(bob.UserId, bob.DeviceId, 1);
                await alice.SendNumberAsync(bob.UserId, bob.DeviceId, 2);
            }

            await using (var silo = await RunningSilo.StartAsync("--ClawChat:DataDirectory", dataDirectory))
            {
                var bob = await MatrixTestClient.LoginAsync(silo, bobId, password, bobDevice);
                var delivered = await bob.SyncAsync(tokenBefore, timeoutMs: 10_000);
                var retried = await bob.SyncAsync(tokenBefore);
                var acknowledged = await bob.SyncAsync(delivered.NextBatch());

                Assert.Equal([1, 2], delivered.Numbers());
                Assert.Equal([1, 2], retried.Numbers());
                Assert.Empty(acknowledged.Numbers());
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
