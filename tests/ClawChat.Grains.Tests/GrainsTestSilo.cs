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

namespace ClawChat.Grains.Tests;

/// <summary>A started single silo over in-memory grain storage and an in-memory event store, hosting the grains of
/// ClawChat.Grains, with the <see cref="ClawChatOptions"/> grains read to tell local users (server
/// <see cref="ServerName"/>) from remote ones. <see cref="RestartAsync"/> stops it and starts a fresh silo over the
/// same stores, so tests can check what survives a deactivation. Area silos derive from it and add their services
/// through the constructor's hook.</summary>
public class GrainsTestSilo : IAsyncDisposable
{
    public const string ServerName = "test.local";

    private readonly Action<IServiceCollection>? _configure;
    private ServiceProvider _services;
    private GrainSilo _silo;

    /// <param name="configure">Extra registrations (options, fakes) applied on every start, after the defaults; it
    /// runs inside the base constructor, so it must capture what it needs rather than read the derived instance.</param>
    public GrainsTestSilo(Action<IServiceCollection>? configure = null)
    {
        _configure = configure;
        (_services, _silo) = Start();
    }

    public InMemoryGrainStorage Storage { get; } = new();

    public InMemoryEventStore Events { get; } = new();

    public IGrainFactory Factory => _silo.Runtime;

    /// <summary>The running silo's services (replaced by <see cref="RestartAsync"/>).</summary>
    protected IServiceProvider Services => _services;

    public static string NewRoomId() => $"!{Guid.NewGuid():N}:{ServerName}";

    public static string NewUserId(string name = "user") => $"@{name}-{Guid.NewGuid():N}:{ServerName}";

    /// <summary>Stops the silo and starts a fresh one over the same stores (what survives a deactivation).</summary>
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
        GC.SuppressFinalize(this);
    }

    private (ServiceProvider, GrainSilo) Start()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IGrainStorage>(Storage);
        services.AddSingleton<IEventStore>(Events);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(Options.Create(new ClawChatOptions { ServerName = ServerName }));
        _configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var silo = new GrainSilo(new GrainRuntimeOptions(), provider, [GrainsAssembly.Assembly]);
        silo.StartAsync().GetAwaiter().GetResult();
        return (provider, silo);
    }
}
