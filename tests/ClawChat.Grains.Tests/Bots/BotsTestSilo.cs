using ClawChat.Grains.Bots;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Tests.Bots;

/// <summary>A <see cref="GrainsTestSilo"/> with one bot (<see cref="BotId"/>) answered by a
/// <see cref="ScriptedChatBackend"/>; <see cref="GrainsTestSilo.RestartAsync"/> starts a fresh silo over the same
/// stores.</summary>
internal sealed class BotsTestSilo : GrainsTestSilo
{
    public const string BotId = "@clawbot:test.local";

    private BotsTestSilo(BotsOptions options, ScriptedChatBackend backend)
        : base(services => AddBots(services, options, backend))
    {
        Backend = backend;
    }

    public ScriptedChatBackend Backend { get; }

    public BotMetrics Metrics => Services.GetRequiredService<BotMetrics>();

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
        var silo = new BotsTestSilo(options, new ScriptedChatBackend());
        await BotProvisioningService.EnsureAccountAsync(silo.Factory, options.Bots[0]);
        return silo;
    }

    private static void AddBots(IServiceCollection services, BotsOptions options, ScriptedChatBackend backend)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<BotDirectory>();
        services.AddSingleton<BotRateLimiter>();
        services.AddSingleton<BotCallLimiter>();
        services.AddSingleton(_ => new BotMetrics());
        services.AddSingleton<BotServices>();
        services.AddSingleton<IChatBackendProvider>(backend);
    }
}
