using ClawChat.Runtime;
using ClawChat.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Benchmarks.Runtime;

internal static class SiloFactory
{
    public static async Task<GrainSilo> StartAsync()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var options = new GrainRuntimeOptions { DefaultCollectionAge = TimeSpan.FromHours(1), CollectionQuantum = TimeSpan.FromHours(1) };
        var silo = new GrainSilo(options, services, [typeof(PingGrain).Assembly]);
        await silo.StartAsync();
        return silo;
    }
}
