using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;

namespace ClawChat.Benchmarks.Sync;

/// <summary>Send → delivery latency under load: <c>users</c> users in two-person rooms, every user keeps a
/// /sync long-poll loop running, and messages are sent at <c>rate</c> per second spread over the rooms; the
/// latency of each message is from the send until the other member's long-poll returns it. Grain path
/// in-process over in-memory stores (no HTTP).</summary>
internal static class SyncLoadBenchmark
{
    public static async Task RunAsync(int users, int rate, TimeSpan duration)
    {
        await using var silo = await InMemorySilo.StartAsync();
        var factory = silo.Factory;
        var pairs = new List<(IRoomGrain Room, string Sender, string Receiver)>();
        for (var i = 0; i < users / 2; i++)
        {
            var sender = $"@load-a{i}:bench.local";
            var receiver = $"@load-b{i}:bench.local";
            var room = factory.GetGrain<IRoomGrain>($"!load{i:D5}{Guid.NewGuid():N}:bench.local");
            await room.CreateAsync(new CreateRoomCommand(sender, "11", RoomPresets.PublicChat, null, null, null, [], [], false, null, null, null, null));
            await room.UpdateMembershipAsync(new MembershipCommand(receiver, receiver, MembershipAction.Join));
            pairs.Add((room, sender, receiver));
        }

        // Per receiver, the messages sent to it in order (one room per receiver, so deliveries come in that order).
        var pending = pairs.ToDictionary(p => p.Receiver, _ => new ConcurrentQueue<(string Body, long At)>(), StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var loops = pairs.SelectMany(p => new[] { p.Sender, p.Receiver }).Select(user => Task.Run(async () =>
        {
            var token = SyncLatencyBenchmark.NextBatch(await SyncLatencyBenchmark.Sync(factory, user, null, 0));
            while (!stop.IsCancellationRequested)
            {
                var response = await SyncLatencyBenchmark.Sync(factory, user, token, 5_000);
                var now = Stopwatch.GetTimestamp();
                token = SyncLatencyBenchmark.NextBatch(response);
                if (pending.TryGetValue(user, out var queue))
                {
                    while (queue.TryPeek(out var next) && response.Contains(next.Body, StringComparison.Ordinal) && queue.TryDequeue(out _))
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(next.At, now).TotalMilliseconds);
                    }
                }
            }
        })).ToList();
        await Task.Delay(2000);

        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        var sends = new List<Task>();
        while (clock.Elapsed < duration)
        {
            var due = interval * sent;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var pair = pairs[sent % pairs.Count];
            var body = $"load-{sent}-{Guid.NewGuid():N}";
            pending[pair.Receiver].Enqueue((body, Stopwatch.GetTimestamp()));
            sends.Add(pair.Room.SendEventAsync(new SendEventCommand(pair.Sender, "BENCH", Guid.NewGuid().ToString("N"), "m.room.message",
                JsonSerializer.SerializeToElement(new { msgtype = "m.text", body }))));
            sent++;
        }

        await Task.WhenAll(sends);
        var deadline = Stopwatch.StartNew();
        while (pending.Values.Any(q => !q.IsEmpty) && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        var sorted = latencies.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sync-load: {users} users long-polling, {sent} messages at {sent / clock.Elapsed.TotalSeconds:F0} msg/s: delivered {sorted.Count}, " +
            $"p50 {sorted[sorted.Count / 2]:F1} ms, p99 {sorted[(int)(sorted.Count * 0.99)]:F1} ms, max {sorted[^1]:F1} ms; undelivered after 10 s: {pending.Values.Sum(q => q.Count)}"));
    }
}
