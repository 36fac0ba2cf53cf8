using ClawChat.Grains;
using ClawChat.Runtime;
using ClawChat.Runtime.Hosting;
using ClawChat.Runtime.Storage;
using ClawChat.Storage.Events;
using ClawChat.Storage.GrainState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Benchmarks.Sync;

/// <summary>A started silo hosting the product's grains over in-memory stores (grain-path benchmarks).</summary>
internal sealed class InMemorySilo : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private InMemorySilo(ServiceProvider provider, GrainSilo silo)
    {
        _provider = provider;
        Silo = silo;
    }

    public GrainSilo Silo { get; }

    public IGrainFactory Factory => Silo.Runtime;

    public static async Task<InMemorySilo> StartAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IGrainStorage>(new InMemoryGrainStorage());
        services.AddSingleton<IEventStore>(new InMemoryEventStore());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var provider = services.BuildServiceProvider();
        var silo = new GrainSilo(new GrainRuntimeOptions(), provider, [GrainsAssembly.Assembly]);
        await silo.StartAsync();
        return new InMemorySilo(provider, silo);
    }

    public async ValueTask DisposeAsync()
    {
        await Silo.StopAsync();
        await _provider.DisposeAsync();
    }
}
