using System.Diagnostics;
using ClawChat.Runtime.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ClawChat.Runtime.Redis.Tests;

/// <summary>A smoke benchmark: prints pipelined ops/s (run in Release for numbers worth quoting).</summary>
public sealed class RedisThroughputTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _fixture;
    private readonly ITestOutputHelper _output;

    public RedisThroughputTests(RedisServerFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task PipelinedSets_Complete_AndReportThroughput()
    {
        await using var client = await RedisClient.ConnectAsync(_fixture.Server.Options(commandTimeout: TimeSpan.FromSeconds(60)));
        var prefix = TestKeys.Prefix();
        const int total = 100_000;
        const int window = 10_000;
        var value = new byte[32];
        await Task.WhenAll(Enumerable.Range(0, window).Select(i => client.SetAsync(prefix + i, value)));

        var elapsed = Stopwatch.StartNew();
        for (int start = 0; start < total; start += window)
            await Task.WhenAll(Enumerable.Range(start, window).Select(i => client.SetAsync(prefix + i, value)));
        elapsed.Stop();

        double opsPerSecond = total / elapsed.Elapsed.TotalSeconds;
        _output.WriteLine($"{total} pipelined SETs ({window} in flight) in {elapsed.ElapsedMilliseconds} ms = {opsPerSecond:N0} ops/s");
        Console.WriteLine($"[throughput] {total} pipelined SETs ({window} in flight) in {elapsed.ElapsedMilliseconds} ms = {opsPerSecond:N0} ops/s");
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), (await client.ExecuteAsync("DBSIZE")).AsString());
    }
}
