using System.Diagnostics;
using System.Globalization;
using ClawChat.Benchmarks.Sync;
using ClawChat.Grains.Bots;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClawChat.Benchmarks.Bots;

/// <summary>
/// Issue 7's benchmark: conversations per second and the latency the platform adds around the model, with a model
/// that answers instantly in process (<see cref="InstantChatBackend"/>: no HTTP, so the figures are the platform
/// alone). One silo over in-memory stores, one bot; every conversation is a direct room of one user and the bot; each
/// user asks questions one after another (closed loop) and waits for the final answer on its /sync long-poll.
/// Reported per phase (one conversation alone, then N at once): completed answer cycles per second; the
/// <c>clawchat.bot.platform_overhead</c> histogram (user's message persisted → model request leaving; goal ≤ 5 ms p50)
/// read with a <see cref="System.Diagnostics.Metrics.MeterListener"/>; message → final answer seen in /sync; and a
/// breakdown by timestamps taken in the driver and the backend.
/// </summary>
internal static class BotLatencyBenchmark
{
    private const string BotId = "@clawbot:bench.local";

    /// <param name="rate">Questions per second, all conversations together, of the paced phase (each conversation asks on
    /// its own period with a random phase): latency at a load the silo can carry, unlike the closed loop, whose
    /// latency under saturation is queueing (Little's law: conversations ÷ throughput).</param>
    public static async Task RunAsync(int conversations, int messages, int maxConcurrentCalls, bool streaming, int rate)
    {
        var options = new BotsOptions
        {
            Bots = [new BotOptions { UserId = BotId, DisplayName = "ClawBot", Model = "instant", SystemPrompt = "Be brief.", Streaming = streaming }],
        };
        var limits = options.BotLimits;
        limits.UserPerMinute = limits.UserBurst = limits.RoomPerMinute = limits.RoomBurst = 1_000_000; // measure, do not throttle
        limits.MaxConcurrentCalls = maxConcurrentCalls;
        var backend = new InstantChatBackend();
        var exceptions = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
            exceptions.AddOrUpdate($"{e.Exception.GetType().Name}: {e.Exception.Message[..Math.Min(120, e.Exception.Message.Length)]}", 1, (_, n) => n + 1);
        using var recorder = new BotMetricsRecorder();
        await using var silo = await InMemorySilo.StartAsync(services =>
        {
            services.AddSingleton(Options.Create(options));
            services.AddSingleton<BotDirectory>();
            services.AddSingleton<BotRateLimiter>();
            services.AddSingleton<BotCallLimiter>();
            services.AddSingleton(_ => new BotMetrics());
            services.AddSingleton<BotServices>();
            services.AddSingleton<IChatBackendProvider>(backend);
        });
        var factory = silo.Factory;
        await BotProvisioningService.EnsureAccountAsync(factory, options.Bots[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bot-latency: in-process instant backend (no HTTP to a model), streaming {(streaming ? "on" : "off")}, " +
            $"model-call cap {maxConcurrentCalls}, in-memory stores, Release={!IsDebug()}"));

        var warmUp = await BotBenchConversation.CreateAsync(factory, backend, BotId, streaming);
        await RunPhaseAsync([warmUp], 100);
        recorder.Drain();

        var alone = await BotBenchConversation.CreateAsync(factory, backend, BotId, streaming);
        Report($"1 conversation x {messages * 10} messages", await RunPhaseAsync([alone], messages * 10), recorder.Drain());

        var many = await Task.WhenAll(Enumerable.Range(0, conversations).Select(_ => BotBenchConversation.CreateAsync(factory, backend, BotId, streaming)));
        Report($"{conversations} conversations x {messages} messages, closed loop (each asks again at once: saturation)",
            await RunPhaseAsync(many, messages), recorder.Drain());
        var period = TimeSpan.FromSeconds((double)conversations / rate);
        Report($"{conversations} conversations x {messages} messages, paced at {rate} questions/s (each every {period.TotalMilliseconds:F0} ms)",
            await RunPhaseAsync(many, messages, period), recorder.Drain());

        // A silo missing a service fails activations with exceptions on every event and skews every figure above.
        Console.WriteLine($"  exceptions thrown during the run: {exceptions.Values.Sum()}");
        foreach (var (what, count) in exceptions.OrderByDescending(p => p.Value).Take(5))
        {
            Console.WriteLine($"    {count} x {what}");
        }
    }

    private static async Task<(List<BotCycle> Cycles, TimeSpan Wall)> RunPhaseAsync(
        IReadOnlyList<BotBenchConversation> conversations, int messages, TimeSpan period = default)
    {
        var started = Stopwatch.GetTimestamp();
        var perConversation = await Task.WhenAll(conversations.Select(async conversation =>
        {
            var cycles = new List<BotCycle>(messages);
            var next = period * Random.Shared.NextDouble();
            for (var i = 0; i < messages; i++)
            {
                if (next - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                cycles.Add(await conversation.AskAsync());
                next += period;
            }

            return cycles;
        }));
        return ([.. perConversation.SelectMany(c => c)], Stopwatch.GetElapsedTime(started));
    }

    private static void Report(string phase, (List<BotCycle> Cycles, TimeSpan Wall) run, (List<double> Overhead, List<double> Latency) metrics)
    {
        var cycles = run.Cycles;
        var endToEnd = Sorted(cycles.Select(c => c.EndToEnd));
        var overhead = metrics.Overhead;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {phase}: {cycles.Count / run.Wall.TotalSeconds:F0} conversations/s (completed answer cycles/s, {cycles.Count} in {run.Wall.TotalSeconds:F2} s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    platform overhead (clawchat.bot.platform_overhead, {overhead.Count} samples): p50 {P(overhead, 0.50):F2} ms, p95 {P(overhead, 0.95):F2} ms, p99 {P(overhead, 0.99):F2} ms, max {P(overhead, 1):F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    message -> final answer seen in /sync: p50 {P(endToEnd, 0.50):F2} ms, p99 {P(endToEnd, 0.99):F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    breakdown p50 / p99 (from the send starting): send acknowledged {Pair(cycles.Select(c => c.SendAck))}; " +
            $"model request reached the backend {Pair(cycles.Select(c => c.ToModel))}; " +
            $"model request -> final answer in /sync {Pair(cycles.Select(c => c.ModelToSeen))}; " +
            $"clawchat.bot.latency (request -> answer and final edit sent) {P(metrics.Latency, 0.50):F2} / {P(metrics.Latency, 0.99):F2} ms"));
    }

    private static string Pair(IEnumerable<double> values)
    {
        var sorted = Sorted(values.Where(v => !double.IsNaN(v)));
        return string.Create(CultureInfo.InvariantCulture, $"{P(sorted, 0.50):F2} / {P(sorted, 0.99):F2} ms");
    }

    private static List<double> Sorted(IEnumerable<double> values)
    {
        var list = values.ToList();
        list.Sort();
        return list;
    }

    private static double P(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static bool IsDebug()
    {
#if DEBUG
        return true;
#else
        return false;
#endif
    }
}
