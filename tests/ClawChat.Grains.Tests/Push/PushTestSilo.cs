using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Push.Delivery;
using ClawChat.Runtime;
using ClawChat.Runtime.Hosting;
using ClawChat.Runtime.Storage;
using ClawChat.Storage.Events;
using ClawChat.Storage.GrainState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Tests.Push;

/// <summary>A started single silo over in-memory stores hosting the grains of ClawChat.Grains, with push options
/// and a <see cref="RecordingDeliveryQueue"/> instead of the HTTP delivery service (no sockets).
/// <see cref="RestartAsync"/> starts a fresh silo over the same stores.</summary>
public sealed class PushTestSilo : IAsyncDisposable
{
    private readonly PushOptions _options;
    private ServiceProvider _services;
    private GrainSilo _silo;

    public PushTestSilo(PushOptions? options = null)
    {
        _options = options ?? new PushOptions();
        (_services, _silo) = Start();
    }

    public InMemoryGrainStorage Storage { get; } = new();

    public InMemoryEventStore Events { get; } = new();

    public RecordingDeliveryQueue Deliveries { get; } = new();

    public IGrainFactory Factory => _silo.Runtime;

    public static string NewUserId(string name = "user") => $"@{name}-{Guid.NewGuid():N}:push.test";

    public static string NewRoomId() => $"!{Guid.NewGuid():N}:push.test";

    public async Task RestartAsync()
    {
        await _silo.StopAsync();
        await _services.DisposeAsync();
        (_services, _silo) = Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _silo.StopAsync();
        await _services.DisposeAsync();
    }

    private (ServiceProvider, GrainSilo) Start()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IGrainStorage>(Storage);
        services.AddSingleton<IEventStore>(Events);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(_options));
        services.AddSingleton<IPushDeliveryQueue>(Deliveries);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var provider = services.BuildServiceProvider();
        var silo = new GrainSilo(new GrainRuntimeOptions(), provider, [GrainsAssembly.Assembly]);
        silo.StartAsync().GetAwaiter().GetResult();
        return (provider, silo);
    }
}
