using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Runtime;
using ClawChat.Runtime.Hosting;
using ClawChat.Runtime.Storage;
using ClawChat.Storage.Events;
using ClawChat.Storage.GrainState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Grains.Tests.E2ee;

/// <summary>Like <c>RoomsTestSilo</c> (in-memory grain storage and event store, restartable over the same stores),
/// plus the <see cref="ClawChatOptions"/> the E2EE grains need to tell local users (server <c>test.local</c>) from
/// remote ones.</summary>
public sealed class E2eeTestSilo : IAsyncDisposable
{
    public const string ServerName = "test.local";

    private ServiceProvider _services;
    private GrainSilo _silo;

    public E2eeTestSilo()
    {
        (_services, _silo) = Start();
    }

    public InMemoryGrainStorage Storage { get; } = new();

    public InMemoryEventStore Events { get; } = new();

    public IGrainFactory Factory => _silo.Runtime;

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
        services.AddOptions<ClawChatOptions>().Configure(o => o.ServerName = ServerName);
        var provider = services.BuildServiceProvider();
        var silo = new GrainSilo(new GrainRuntimeOptions(), provider, [GrainsAssembly.Assembly]);
        silo.StartAsync().GetAwaiter().GetResult();
        return (provider, silo);
    }
}
