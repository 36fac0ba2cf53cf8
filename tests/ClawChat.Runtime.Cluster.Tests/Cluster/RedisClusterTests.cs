using static ClawChat.Runtime.Cluster.Tests.Cluster.ClusterFixtureHelpers;

namespace ClawChat.Runtime.Cluster.Tests.Cluster;

/// <summary>The same cluster behaviours over real Redis (membership, directory) and real TCP between silos.</summary>
public sealed class RedisClusterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static string Redis =>
        Environment.GetEnvironmentVariable("CLAWCHAT_TEST_REDIS") is { Length: > 0 } redis
            ? redis
            : throw new InvalidOperationException("CLAWCHAT_TEST_REDIS is not set: run ./test.sh (it starts redis-server) or set it to host:port.");

    [Fact]
    public async Task Grains_SpreadOverSilos_OverTcpAndRedis_AndSurviveAKill()
    {
        await using var cluster = await StartAsync(3, Redis);
        var silos = cluster.Silos;
        var keys = Enumerable.Range(0, 30).Select(i => $"redis-{i}-{Guid.NewGuid():N}").ToList();
        var hosts = new Dictionary<string, string>();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            var grain = silos[i % 3].Factory.GetGrain<IClusterCounterGrain>(key);
            Assert.Equal(2, await grain.AddAsync(2));
            hosts[key] = await grain.GetSiloAsync();
        }

        Assert.Equal(3, hosts.Values.Distinct().Count());
        var victim = silos[2];
        await cluster.KillSiloAsync(victim);
        var client = silos[0].Factory;
        foreach (var key in keys.Where(k => hosts[k] == victim.Address.ToString()))
        {
            var grain = client.GetGrain<IClusterCounterGrain>(key);
            await EventuallyAsync(async () =>
            {
                try
                {
                    return await grain.GetAsync() == 2;
                }
                catch (Exception e) when (e is SiloUnavailableException or GrainCallRejectedException or TimeoutException)
                {
                    return false;
                }
            }, $"{key} to come back on a survivor");
            Assert.NotEqual(victim.Address.ToString(), await grain.GetSiloAsync());
        }
    }

    [Fact]
    public async Task GracefulLeave_OverRedis_HandsGrainsOver()
    {
        await using var cluster = await StartAsync(2, Redis);
        var keys = Enumerable.Range(0, 20).Select(i => $"redis-leave-{i}-{Guid.NewGuid():N}").ToList();
        var client = cluster.Silos[0].Factory;
        foreach (var key in keys)
        {
            await client.GetGrain<IClusterCounterGrain>(key).AddAsync(7);
        }

        await cluster.StopSiloAsync(cluster.Silos[1]);
        await cluster.WaitForLivenessAsync(TimeSpan.FromSeconds(15));
        foreach (var key in keys)
        {
            Assert.Equal(7, await client.GetGrain<IClusterCounterGrain>(key).GetAsync());
        }
    }

    [Fact]
    public async Task JoiningSilo_IsSeenByEveryMember_WithinSeconds()
    {
        await using var cluster = await StartAsync(2, Redis);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await cluster.StartSiloAsync();
        await cluster.WaitForLivenessAsync(TimeSpan.FromSeconds(10));

        output.WriteLine($"membership convergence after a join: {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(3, cluster.Silos.Count);
    }
}
