using System.Diagnostics;
using System.Text.Json.Nodes;
using ClawChat.Testing;
using Xunit.Abstractions;

namespace ClawChat.Cluster.Tests;

/// <summary>Three silo processes over real Redis and PostgreSQL on loopback. A driver keeps sending room
/// messages through all of them; one silo is killed with SIGKILL; every acknowledged write must be there
/// afterwards, and writes must succeed again within the failover time; then a rolling restart of all
/// silos loses nothing.</summary>
public sealed class MultiProcessClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillAndRollingRestart_LoseNoAcknowledgedWrite()
    {
        var redis = Environment.GetEnvironmentVariable("CLAWCHAT_TEST_REDIS") is { Length: > 0 } r ? r
            : throw new InvalidOperationException("CLAWCHAT_TEST_REDIS is not set: run ./test.sh (it starts Redis and PostgreSQL).");
        await using var database = await PostgresDatabase.CreateAsync(PostgresDatabase.RequireConnectionString());
        var settings = new ClusterSettings(redis, database.ConnectionString, "mp-" + Guid.NewGuid().ToString("N")[..8], "secret-" + Guid.NewGuid().ToString("N"));
        var silos = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(await SiloProcess.StartAsync(settings));
            }

            var alice = await ClusterUser.RegisterAsync(silos[0], settings.SharedSecret);
            var rooms = new List<string>();
            for (var i = 0; i < 9; i++)
            {
                var created = await alice.SendAsync(silos[i % 3], HttpMethod.Post, "/_matrix/client/v3/createRoom", new JsonObject { ["name"] = "room " + i });
                rooms.Add(created["room_id"]!.GetValue<string>());
            }

            var driver = new WriteDriver(alice, rooms);
            using var stop = new CancellationTokenSource();
            var driving = driver.RunAsync(() => silos.Where(s => !s.HasExited).ToList(), stop.Token);

            await driver.WaitForWritesAsync(60, TimeSpan.FromSeconds(30));
            var victim = silos[1];
            var killedAt = Stopwatch.StartNew();
            victim.Kill();
            var failover = await driver.WaitUntilEveryRoomWritesAgainAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"after kill -9: every room accepted writes again within {failover.Max().TotalSeconds:0.00} s (per room: {string.Join(", ", failover.Select(f => f.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))})");

            // Rolling restart: a new silo replaces the dead one, then each old silo is replaced in turn.
            silos.Remove(victim);
            await victim.DisposeAsync();
            silos.Add(await SiloProcess.StartAsync(settings));
            foreach (var old in silos.Take(2).ToList())
            {
                silos.Add(await SiloProcess.StartAsync(settings));
                await old.StopAsync(TimeSpan.FromSeconds(30));
                silos.Remove(old);
                await old.DisposeAsync();
                await driver.WaitForWritesAsync(20, TimeSpan.FromSeconds(30));
            }

            await stop.CancelAsync();
            await driving;

            var acknowledged = driver.Acknowledged;
            output.WriteLine($"acknowledged writes: {acknowledged.Count}; failed attempts (retried): {driver.FailedAttempts}");
            Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} writes were acknowledged");
            foreach (var (room, eventId) in acknowledged)
            {
                var evt = await alice.SendAsync(silos[0], HttpMethod.Get, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/event/{Uri.EscapeDataString(eventId)}");
                Assert.Equal(eventId, evt["event_id"]!.GetValue<string>());
            }
        }
        catch
        {
            foreach (var silo in silos)
            {
                output.WriteLine($"--- {silo} ---\n{silo.Output}");
            }

            throw;
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
