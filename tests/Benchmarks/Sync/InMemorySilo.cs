using ClawChat.Grains;
using ClawChat.Grains.Push.Delivery;
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

    /// <param name="configure">Extra registrations (e.g. bots with an in-process backend) before the silo starts.</param>
    public static async Task<InMemorySilo> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IGrainStorage>(new InMemoryGrainStorage());
        services.AddSingleton<IEventStore>(new InMemoryEventStore());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // What the push grains need (default PushOptions, a delivery queue; benchmark users have no pushers): without them
        // the notifications and pushers grains fail to activate, with an exception, on every event — which dominated CPU
        // profiles of the bot benchmark.
        services.AddOptions();
        services.AddSingleton<IPushDeliveryQueue>(new NoPushDelivery());
        configure?.Invoke(services);
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

    private sealed class NoPushDelivery : IPushDeliveryQueue
    {
        public void Enqueue(PushDeliveryJob job)
        {
        }
    }
}
