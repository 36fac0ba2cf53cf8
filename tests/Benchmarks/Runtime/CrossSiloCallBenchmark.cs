using System.Diagnostics;
using ClawChat.Runtime.Testing;

namespace ClawChat.Benchmarks.Runtime;

/// <summary>Grain calls from one silo to grains living on another, over the real TCP transport on loopback
/// with Redis membership and directory: throughput and p50/p99 round-trip latency. Both silos run in this
/// process (the in-process test cluster), so the figure is the runtime and transport cost without a second
/// process's scheduling noise.</summary>
internal static class CrossSiloCallBenchmark
{
    public static async Task RunAsync(string redis, TimeSpan duration, int concurrency)
    {
        await using var cluster = await InProcessTestCluster.StartAsync(2, options =>
        {
            options.Redis = redis;
            options.GrainAssemblies.Add(typeof(PingGrain).Assembly);
        });
        var caller = cluster.Silos[0];
        var remote = cluster.Silos[1].Address.ToString();
        var grains = new List<IPingGrain>();
        for (var i = 0; grains.Count < concurrency && i < 100_000; i++)
        {
            var grain = caller.Factory.GetGrain<IPingGrain>($"xsilo-{i}");
            if (await grain.WhereAsync() == remote)
            {
                grains.Add(grain);
            }
        }

        var latencies = new List<double>[grains.Count];
        long total = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(grains.Select((grain, w) => Task.Run(async () =>
        {
            var samples = latencies[w] = new List<double>(100_000);
            var v = 0;
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                v = await grain.PingAsync(v);
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }

            Interlocked.Add(ref total, samples.Count);
        })));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine($"cross-silo grain calls (TCP loopback, {grains.Count} concurrent callers): {total / clock.Elapsed.TotalSeconds:N0} calls/s");
        Console.WriteLine($"round-trip latency: p50 {all[all.Length / 2]:N0} µs, p99 {all[(int)(all.Length * 0.99)]:N0} µs");
    }
}
