using ClawChat.Grains.Bots;
using ClawChat.Grains.Bots.Backends;
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

namespace ClawChat.Grains.Tests.Bots;

/// <summary>A single silo over in-memory stores with one bot (<see cref="BotId"/>) answered by a
/// <see cref="ScriptedChatBackend"/>; <see cref="RestartAsync"/> starts a fresh silo over the same stores.</summary>
internal sealed class BotsTestSilo : IAsyncDisposable
{
    public const string BotId = "@clawbot:test.local";

    private readonly BotsOptions _options;
    private ServiceProvider _services;
    private GrainSilo _silo;

    private BotsTestSilo(BotsOptions options)
    {
        _options = options;
        (_services, _silo) = Start();
    }

    public InMemoryGrainStorage Storage { get; } = new();

    public InMemoryEventStore Events { get; } = new();

    public ScriptedChatBackend Backend { get; } = new();

    public BotMetrics Metrics => _services.GetRequiredService<BotMetrics>();

    public IGrainFactory Factory => _silo.Runtime;

    public static BotOptions DefaultBot() => new()
    {
        UserId = BotId,
        DisplayName = "ClawBot",
        Model = "test-model",
        SystemPrompt = "Be brief.",
    };

    public static async Task<BotsTestSilo> StartAsync(Action<BotOptions>? bot = null, Action<BotLimitsOptions>? limits = null)
    {
        var options = new BotsOptions { Bots = [DefaultBot()] };
        options.BotLimits.EditInterval = TimeSpan.FromMilliseconds(50);
        bot?.Invoke(options.Bots[0]);
        limits?.Invoke(options.BotLimits);
        var silo = new BotsTestSilo(options);
        await BotProvisioningService.EnsureAccountAsync(silo.Factory, options.Bots[0]);
        return silo;
    }

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
        services.AddSingleton(Options.Create(_options));
        services.AddSingleton<BotDirectory>();
        services.AddSingleton<BotRateLimiter>();
        services.AddSingleton<BotCallLimiter>();
        services.AddSingleton(_ => new BotMetrics());
        services.AddSingleton<BotServices>();
        services.AddSingleton<IChatBackendProvider>(Backend);
        var provider = services.BuildServiceProvider();
        var silo = new GrainSilo(new GrainRuntimeOptions(), provider, [GrainsAssembly.Assembly]);
        silo.StartAsync().GetAwaiter().GetResult();
        return (provider, silo);
    }
}
