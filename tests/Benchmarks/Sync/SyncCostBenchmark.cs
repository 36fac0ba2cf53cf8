using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;

namespace ClawChat.Benchmarks.Sync;

/// <summary>Incremental sync cost for a user in 1, 100 and 1,000 rooms when one room changed (DESIGN §5: it
/// must do work proportional to what changed, so the figure should stay flat as the room count grows).
/// Grain path in-process over in-memory stores; median of the measured syncs after a warm-up.</summary>
internal static class SyncCostBenchmark
{
    public static async Task RunAsync(int[] roomCounts, int rounds)
    {
        foreach (var count in roomCounts)
        {
            await using var silo = await InMemorySilo.StartAsync();
            var user = "@cost-user:bench.local";
            var rooms = new List<IRoomGrain>(count);
            for (var i = 0; i < count; i++)
            {
                var room = silo.Factory.GetGrain<IRoomGrain>($"!cost{i:D5}{Guid.NewGuid():N}:bench.local");
                await room.CreateAsync(new CreateRoomCommand(user, "11", RoomPresets.PrivateChat, null, null, null, [], [], false, null, null, null, null));
                rooms.Add(room);
            }

            var token = SyncLatencyBenchmark.NextBatch(await SyncLatencyBenchmark.Sync(silo.Factory, user, null, 0));
            var samples = new List<double>(rounds);
            for (var round = 0; round < rounds + 5; round++)
            {
                await rooms[round % Math.Min(count, 3)].SendEventAsync(new SendEventCommand(user, "BENCH", Guid.NewGuid().ToString("N"), "m.room.message",
                    JsonSerializer.SerializeToElement(new { msgtype = "m.text", body = "changed " + round })));
                var started = Stopwatch.GetTimestamp();
                var response = await SyncLatencyBenchmark.Sync(silo.Factory, user, token, 0);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                token = SyncLatencyBenchmark.NextBatch(response);
                if (round >= 5)
                {
                    samples.Add(elapsed);
                }
            }

            samples.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sync-cost: user in {count,5} rooms, one room changed: incremental sync median {samples[samples.Count / 2]:F2} ms, p90 {samples[(int)(samples.Count * 0.9)]:F2} ms ({rounds} syncs)"));
        }
    }
}
