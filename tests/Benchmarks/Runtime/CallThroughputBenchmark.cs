using System.Diagnostics;
using ClawChat.Runtime;

namespace ClawChat.Benchmarks.Runtime;

/// <summary>Local grain call round-trips per second through generated proxies, against a baseline of
/// the same interface called directly on an object (no runtime) in the same run.</summary>
internal static class CallThroughputBenchmark
{
    public static async Task RunAsync(TimeSpan duration)
    {
        await using var silo = await SiloFactory.StartAsync();
        var workers = Environment.ProcessorCount;
        var grains = Enumerable.Range(0, workers).Select(i => silo.Runtime.GetGrain<IPingGrain>("ping-" + i)).ToArray();
        foreach (var grain in grains)
        {
            await grain.PingAsync(0);
        }

        var direct = Measure("baseline: direct interface call (no runtime)", workers, duration, i => new DirectPing(), static (p, v) => ((DirectPing)p).PingAsync(v));
        var valueTask = Measure("grain call, ValueTask<int> method", workers, duration, i => grains[i], static (g, v) => ((IPingGrain)g).PingAsync(v));
        var task = Measure("grain call, Task<int> method", workers, duration, i => grains[i], static (g, v) => new ValueTask<int>(((IPingGrain)g).PingTaskAsync(v)));
        var relays = Enumerable.Range(0, workers).Select(i => silo.Runtime.GetGrain<IPingGrain>("relay-" + i)).ToArray();
        var relay = Measure("grain-to-grain call (caller grain → callee grain)", workers, duration, i => relays[i], (g, v) => new ValueTask<int>(((IPingGrain)g).RelayAsync("ping-" + (v & 7), v)));

        Console.WriteLine();
        Console.WriteLine($"workers: {workers} (one per core); ratio grain call / baseline: {valueTask / direct:P1}");
        _ = task;
        _ = relay;
    }

    private static double Measure(string name, int workers, TimeSpan duration, Func<int, object> target, Func<object, int, ValueTask<int>> call)
    {
        long total = 0;
        var stop = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, workers).Select(i => Task.Run(async () =>
        {
            var t = target(i);
            long count = 0;
            var v = 0;
            while (stop.Elapsed < duration)
            {
                for (var k = 0; k < 1000; k++)
                {
                    v = await call(t, v);
                }

                count += 1000;
            }

            Interlocked.Add(ref total, count);
        })).ToArray();
        Task.WaitAll(threads);
        var perSecond = total / stop.Elapsed.TotalSeconds;
        Console.WriteLine($"{name,-52} {perSecond,14:N0} calls/s");
        return perSecond;
    }

    private sealed class DirectPing : IPingGrain
    {
        public ValueTask<int> PingAsync(int value) => new(value + 1);

        public Task<int> PingTaskAsync(int value) => Task.FromResult(value + 1);

        public Task<int> RelayAsync(string other, int value) => Task.FromResult(value + 1);

        public Task<string> WhereAsync() => Task.FromResult("direct");
    }
}
