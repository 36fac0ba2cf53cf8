using System.Diagnostics;
using System.Globalization;
using System.Net;
using ClawChat.Runtime.Cluster.Transport;
using ClawChat.Runtime.Cluster.Transport.InMemory;
using ClawChat.Runtime.Cluster.Transport.Tcp;
using Xunit.Abstractions;
using static ClawChat.Runtime.Cluster.Tests.Transport.TransportTestMessages;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

/// <summary>Request/response round trips per second and latency percentiles between two transports, printed to
/// the test output. Each phase runs 1 s by default (set CLAWCHAT_TRANSPORT_BENCH_SECONDS for longer runs);
/// meaningful figures need Release: <c>dotnet test -c Release --filter TransportThroughput
/// --logger "console;verbosity=detailed"</c>.</summary>
public sealed class TransportThroughputTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PhaseLength = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("CLAWCHAT_TRANSPORT_BENCH_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 1);

    [Fact]
    public async Task LoopbackTcp_RoundTripsAreMeasured()
    {
        var cluster = "bench-" + Guid.NewGuid().ToString("N");
        var server = await TcpSiloTransport.StartStandaloneAsync(new IPEndPoint(IPAddress.Loopback, 0), cluster, new TestMessageHandler());
        var client = await TcpSiloTransport.StartStandaloneAsync(new IPEndPoint(IPAddress.Loopback, 0), cluster, new TestMessageHandler());
        try
        {
            await MeasureAsync("tcp", client, server.LocalSilo);
        }
        finally
        {
            await client.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task InMemory_RoundTripsAreMeasured()
    {
        var network = new InMemoryNetwork();
        var cluster = "bench-" + Guid.NewGuid().ToString("N");
        var server = new InMemorySiloTransport(network, new SiloAddress("10.1.0.1", 1, SiloAddress.NewGeneration()), cluster);
        var client = new InMemorySiloTransport(network, new SiloAddress("10.1.0.2", 1, SiloAddress.NewGeneration()), cluster);
        await server.StartAsync(new TestMessageHandler(), default);
        await client.StartAsync(new TestMessageHandler(), default);
        try
        {
            await MeasureAsync("in-memory", client, server.LocalSilo);
        }
        finally
        {
            await client.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    private async Task MeasureAsync(string name, SiloTransportBase client, SiloAddress server)
    {
        var body = new byte[256];
        await RunAsync(client, server, body, callers: 16, TimeSpan.FromMilliseconds(300));
        foreach (var (callers, size) in new[] { (1, 256), (64, 256), (64, 16 * 1024) })
        {
            var (count, latencies) = await RunAsync(client, server, new byte[size], callers, PhaseLength);
            latencies.Sort();
            output.WriteLine(
                $"{name}: {callers,2} callers, {size,5} B body: {count / PhaseLength.TotalSeconds,9:N0} round trips/s, " +
                $"p50 {Percentile(latencies, 0.50),7:N1} µs, p99 {Percentile(latencies, 0.99),7:N1} µs");
            Assert.True(count > 0, "No round trip completed.");
        }
    }

    private static async Task<(long Count, List<double> Latencies)> RunAsync(SiloTransportBase client, SiloAddress server, byte[] body, int callers, TimeSpan length)
    {
        var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            var latencies = new List<double>(100_000);
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                await client.SendRequestAsync(server, Request(body), TimeSpan.FromSeconds(30), default);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }

            return latencies;
        }));
        var all = perCaller.SelectMany(static list => list).ToList();
        return (all.Count, all);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
