using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Runtime;

namespace ClawChat.Benchmarks.Sync;

/// <summary>
/// Send → delivery latency to waiting long-polls (DESIGN §5: "a long-poll returns within milliseconds"): N users
/// of one room each hold a <c>/sync</c> long-poll (timeout 30 s) on their sync grain; one message is sent; the
/// time from the send until each long-poll returns with it is recorded. Repeated for several rounds. Also reports
/// the process CPU time used while the N long-polls wait idle for 2 s ("costs nothing while idle"). In-process
/// silo over in-memory stores, so the figures are the grain path (fan-out, wake-up, response assembly), not HTTP.
/// </summary>
internal static class SyncLatencyBenchmark
{
    public static async Task RunAsync(int users, int rounds)
    {
        await using var silo = await InMemorySilo.StartAsync();
        {
            var factory = silo.Factory;
            var creator = "@bench-sender:bench.local";
            var roomId = $"!{Guid.NewGuid():N}:bench.local";
            var room = factory.GetGrain<IRoomGrain>(roomId);
            await room.CreateAsync(new CreateRoomCommand(creator, "11", RoomPresets.PublicChat, null, null, null, [], [], false, null, null, null, null));
            var members = Enumerable.Range(0, users).Select(i => $"@bench-{i}:bench.local").ToList();
            foreach (var member in members)
            {
                await room.UpdateMembershipAsync(new MembershipCommand(member, member, MembershipAction.Join));
            }

            var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                tokens[member] = NextBatch(await Sync(factory, member, null, 0));
            }

            var latencies = new List<double>(users * rounds);
            double idleCpuMs = 0;
            for (var round = 0; round < rounds; round++)
            {
                var polls = members.ToDictionary(m => m, m => Sync(factory, m, tokens[m], 30_000), StringComparer.Ordinal);

                // Let every long-poll reach its wait; on the first round, measure what waiting costs.
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                await Task.Delay(round == 0 ? 2000 : 100);
                if (round == 0)
                {
                    idleCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
                }

                if (polls.Values.Any(p => p.IsCompleted))
                {
                    throw new InvalidOperationException("A long-poll returned before the message was sent.");
                }

                var body = $"round {round}";
                var started = Stopwatch.GetTimestamp();
                var arrivals = polls.Select(async pair =>
                {
                    var response = await pair.Value;
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (!response.Contains(body, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"{pair.Key}'s long-poll returned without '{body}'.");
                    }

                    tokens[pair.Key] = NextBatch(response);
                    return elapsed;
                }).ToList();
                await room.SendEventAsync(new SendEventCommand(creator, "BENCH", Guid.NewGuid().ToString("N"), "m.room.message",
                    JsonSerializer.SerializeToElement(new { msgtype = "m.text", body })));
                latencies.AddRange(await Task.WhenAll(arrivals));
            }

            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sync-latency: {users} waiting long-polls x {rounds} rounds: send -> delivered p50 {Percentile(latencies, 0.50):F1} ms, " +
                $"p99 {Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms (last of {users} delivered); " +
                $"CPU while {users} long-polls waited 2 s: {idleCpuMs:F0} ms"));
        }
    }

    internal static Task<string> Sync(IGrainFactory factory, string userId, string? since, int timeoutMs) =>
        factory.GetGrain<ISyncGrain>(userId).SyncAsync(new SyncRequest("BENCH", since, timeoutMs, false, SyncFilter.None, PresenceEnabled: false));

    internal static string NextBatch(string response)
    {
        using var document = JsonDocument.Parse(response);
        return document.RootElement.GetProperty("next_batch").GetString()!;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
