using ClawChat.Runtime.Hosting;
using ClawChat.Runtime.Storage;
using ClawChat.Runtime.Tests.Grains;
using ClawChat.Storage.GrainState;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Runtime.Tests;

/// <summary>A started single silo over in-memory storage, with the test grains of this assembly.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public TestSilo(Action<GrainRuntimeOptions>? configure = null, IGrainStorage? storage = null, IMemoryPressureProbe? memoryProbe = null)
    {
        Storage = storage ?? new InMemoryGrainStorage();
        var services = new ServiceCollection();
        services.AddSingleton(Tracker);
        services.AddSingleton(Ticks);
        services.AddSingleton(Storage);
        _services = services.BuildServiceProvider();
        var options = new GrainRuntimeOptions();
        configure?.Invoke(options);
        Silo = new GrainSilo(options, _services, [typeof(TestSilo).Assembly], memoryProbe: memoryProbe);
        Silo.StartAsync().GetAwaiter().GetResult();
    }

    public GrainSilo Silo { get; }

    public GrainRuntime Factory => Silo.Runtime;

    public ActivationTracker Tracker { get; } = new();

    public TickCounter Ticks { get; } = new();

    public IGrainStorage Storage { get; }

    public static string NewKey() => Guid.NewGuid().ToString("N");

    public async ValueTask DisposeAsync()
    {
        await Silo.StopAsync();
        await _services.DisposeAsync();
    }
}
