using ClawChat.Grains;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Runtime;
using ClawChat.Runtime.Hosting;
using ClawChat.Runtime.Storage;
using ClawChat.Storage.Events;
using ClawChat.Storage.GrainState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Tests.Rooms;

/// <summary>A started single silo over in-memory grain storage and an in-memory event store, hosting the
/// grains of ClawChat.Grains. <see cref="RestartAsync"/> stops it and starts a fresh silo over the same stores,
/// so tests can check what survives a deactivation.</summary>
public sealed class RoomsTestSilo : IAsyncDisposable
{
    private ServiceProvider _services;
    private GrainSilo _silo;

    public RoomsTestSilo()
    {
        (_services, _silo) = Start();
    }

    public InMemoryGrainStorage Storage { get; } = new();

    public InMemoryEventStore Events { get; } = new();

    public IGrainFactory Factory => _silo.Runtime;

    public static string NewRoomId() => $"!{Guid.NewGuid():N}:test.local";

    public static string NewUserId(string name = "user") => $"@{name}-{Guid.NewGuid():N}:test.local";

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
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // Grains that tell local users from remote ones (to-device, device lists) read the server name.
        services.AddSingleton(Options.Create(new ClawChatOptions { ServerName = "test.local" }));
        var provider = services.BuildServiceProvider();
        var silo = new GrainSilo(new GrainRuntimeOptions(), provider, [GrainsAssembly.Assembly]);
        silo.StartAsync().GetAwaiter().GetResult();
        return (provider, silo);
    }
}
