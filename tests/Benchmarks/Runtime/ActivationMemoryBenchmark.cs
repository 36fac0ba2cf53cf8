using System.Diagnostics;

namespace ClawChat.Benchmarks.Runtime;

/// <summary>Runtime memory per idle activation (goal ≤ 0.5 KB beyond the grain's own fields) and the
/// activation rate, at 100,000 activations of a grain with no fields of its own.</summary>
internal static class ActivationMemoryBenchmark
{
    public static async Task RunAsync(int count)
    {
        await using var silo = await SiloFactory.StartAsync();
        var keys = Enumerable.Range(0, count).Select(i => $"!{i:D8}abcdefghijklmnop:example.org").ToArray();

        // Warm up code paths with a separate set, then measure from a settled heap.
        foreach (var key in keys.Take(1000))
        {
            await silo.Runtime.GetGrain<IPingGrain>("warm" + key).PingAsync(0);
        }

        var before = SettledHeap();
        var stopwatch = Stopwatch.StartNew();
        var workers = Environment.ProcessorCount;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < keys.Length; i += workers)
            {
                await silo.Runtime.GetGrain<IPingGrain>(keys[i]).PingAsync(i);
            }
        })));
        stopwatch.Stop();
        var after = SettledHeap();

        // What the grain itself owns: its object (header 16 B + the Grain base's one reference). The key
        // strings were allocated before the first measurement (as a request would bring them), so the
        // delta is the runtime's bookkeeping plus the grain object.
        const int grainOwnBytes = 24;
        var perActivation = (after - before) / (double)count;
        Console.WriteLine($"activations:                       {count:N0} (grain type with no fields; keys like {keys[0]})");
        Console.WriteLine($"activation rate:                   {count / stopwatch.Elapsed.TotalSeconds:N0} new grains/s ({workers} workers)");
        Console.WriteLine($"managed heap per activation:       {perActivation:N0} B");
        Console.WriteLine($"  runtime overhead (minus grain):   {perActivation - grainOwnBytes:N0} B  (activation record + catalog entry; key strings pre-allocated)");
        Console.WriteLine($"activations in catalog:            {silo.Runtime.ActivationCount:N0}");
        GC.KeepAlive(keys);
    }

    private static long SettledHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
