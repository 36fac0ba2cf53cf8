using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.DeviceLists;
using ClawChat.Runtime;
using ClawChat.Runtime.Hosting;
using ClawChat.Runtime.Storage;
using ClawChat.Storage.Events;
using ClawChat.Storage.GrainState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Grains.Tests.E2ee.Keys;

/// <summary>A started single silo over in-memory grain and event storage hosting the grains of ClawChat.Grains, with
/// the options the device-list fan-out needs (server <c>test.local</c>), so the keys grain's publishes reach the
/// users' device-list logs.</summary>
internal sealed class KeysTestSilo : IAsyncDisposable
{
    private ServiceProvider _services;
    private GrainSilo _silo;

    public KeysTestSilo()
    {
        (_services, _silo) = Start();
    }

    public InMemoryGrainStorage Storage { get; } = new();

    public InMemoryEventStore Events { get; } = new();

    public IGrainFactory Factory => _silo.Runtime;

    public static string NewUserId(string name = "user") => $"@{name}-{Guid.NewGuid():N}:test.local";

    public IUserKeysGrain Keys(string userId) => Factory.GetGrain<IUserKeysGrain>(userId);

    /// <summary>The position of <paramref name="userId"/>'s own device-list log and whether it lists the user as changed.</summary>
    public async Task<(long Position, bool SelfChanged)> OwnDeviceListAsync(string userId)
    {
        var changes = await Factory.GetGrain<IDeviceListLogGrain>(userId).GetChangesAsync(0);
        return (changes.Position, changes.Changed.Contains(userId, StringComparer.Ordinal));
    }

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
    }

    private (ServiceProvider, GrainSilo) Start()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IGrainStorage>(Storage);
        services.AddSingleton<IEventStore>(Events);
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ClawChatOptions>().Configure(o => o.ServerName = "test.local");
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var provider = services.BuildServiceProvider();
        var silo = new GrainSilo(new GrainRuntimeOptions(), provider, [GrainsAssembly.Assembly]);
        silo.StartAsync().GetAwaiter().GetResult();
        return (provider, silo);
    }
}
