using System.Diagnostics;
using ClawChat.Runtime.Testing;

namespace ClawChat.Benchmarks.Runtime;

/// <summary>Grain calls from one silo to grains living on another silo PROCESS, over the real TCP transport on
/// loopback with Redis membership and directory: throughput and p50/p99 round-trip latency. This process runs
/// the calling silo; it starts a second process of this benchmark (<c>cross-silo-host</c>) that runs the
/// silo hosting the grains, and only calls grains that the directory placed there.</summary>
internal static class CrossSiloCallBenchmark
{
    public static async Task RunAsync(string redis, TimeSpan duration, int concurrency)
    {
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var host = Process.Start(new ProcessStartInfo("dotnet", [typeof(CrossSiloCallBenchmark).Assembly.Location, "cross-silo-host", redis, clusterId])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        await host.StandardOutput.ReadLineAsync(); // "ready"
        await using var cluster = await JoinAsync(redis, clusterId, expectedSilos: 2);
        var caller = cluster.Silos[0];
        var remote = caller.Silo.ActiveSilos.Single(s => !s.Equals(caller.Address)).ToString();
        try
        {
            await MeasureAsync(caller, remote, duration, concurrency);
        }
        finally
        {
            host.StandardInput.Close();
            await host.WaitForExitAsync();
        }
    }

    /// <summary>The second process: one silo of the cluster, until its standard input closes.</summary>
    public static async Task HostAsync(string redis, string clusterId)
    {
        await using var cluster = await JoinAsync(redis, clusterId, expectedSilos: 1);
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
    }

    private static async Task<InProcessTestCluster> JoinAsync(string redis, string clusterId, int expectedSilos)
    {
        var cluster = await InProcessTestCluster.StartAsync(0, options =>
        {
            options.Redis = redis;
            options.ClusterId = clusterId;
            options.GrainAssemblies.Add(typeof(PingGrain).Assembly);
        });
        var silo = await cluster.StartSiloAsync();
        var deadline = Stopwatch.StartNew();
        while (silo.Silo.ActiveSilos.Count < expectedSilos || !silo.Silo.IsReady)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"the silo did not see {expectedSilos} active silos within 30 s");
            }

            await Task.Delay(20);
        }

        return cluster;
    }

    private static async Task MeasureAsync(TestClusterSilo caller, string remote, TimeSpan duration, int concurrency)
    {
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
        Console.WriteLine($"cross-silo grain calls between two silo processes (TCP loopback, {grains.Count} concurrent callers): {total / clock.Elapsed.TotalSeconds:N0} calls/s");
        Console.WriteLine($"round-trip latency: p50 {all[all.Length / 2]:N0} µs, p99 {all[(int)(all.Length * 0.99)]:N0} µs");
    }
}
