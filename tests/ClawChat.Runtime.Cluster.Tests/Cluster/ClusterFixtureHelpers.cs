using ClawChat.Runtime.Invocation;
using ClawChat.Runtime.Storage;
using ClawChat.Runtime.Testing;
using ClawChat.Storage.GrainState;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Runtime.Cluster.Tests.Cluster;

internal static class ClusterFixtureHelpers
{
    public static Task<InProcessTestCluster> StartAsync(int silos, string? redis = null) =>
        InProcessTestCluster.StartAsync(silos, options =>
        {
            options.GrainAssemblies.Add(typeof(ClusterCounterGrain).Assembly);
            options.Redis = redis;
            var storage = new InMemoryGrainStorage();
            options.ConfigureServices = services => services.AddSingleton<IGrainStorage>(storage);
        });

    public static GrainId IdOf(object grain) => ((GrainReference)grain).GrainId;

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string awaited, int timeoutMs = 15000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Timed out after {timeoutMs} ms waiting for: {awaited}");
            }

            await Task.Delay(20);
        }
    }
}
