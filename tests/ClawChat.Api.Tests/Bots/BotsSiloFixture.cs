using ClawChat.Testing;
using ClawChat.Testing.FakeOpenAi;

namespace ClawChat.Api.Tests.Bots;

/// <summary>A silo with two bots on a fake OpenAI-compatible server on loopback: <see cref="BotId"/> (anyone local may
/// invite it) and <see cref="PickyBotId"/> (only <c>@nobody:localhost</c> may). Edits are throttled to 200 ms so that
/// streaming tests stay short.</summary>
public sealed class BotsSiloFixture : IAsyncLifetime
{
    public const string BotId = "@clawbot:localhost";
    public const string PickyBotId = "@pickybot:localhost";
    public const string ApiKey = "sk-test-do-not-leak-4242";
    public const string SystemPrompt = "You are ClawBot, a helpful test bot.";

    private RunningSilo? _silo;
    private FakeOpenAiServer? _model;

    public RunningSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public FakeOpenAiServer Model => _model ?? throw new InvalidOperationException("The fake model has not started.");

    public static string[] BotSettings(FakeOpenAiServer model, params string[] extra) =>
    [
        "--ClawChat:Bots:0:UserId", BotId,
        "--ClawChat:Bots:0:DisplayName", "ClawBot",
        "--ClawChat:Bots:0:Backend", "openai",
        "--ClawChat:Bots:0:Endpoint", model.BaseUrl,
        "--ClawChat:Bots:0:Model", "fake-model",
        "--ClawChat:Bots:0:ApiKey", ApiKey,
        "--ClawChat:Bots:0:SystemPrompt", SystemPrompt,
        "--ClawChat:Bots:0:RequestTimeout", "00:00:05",
        "--ClawChat:Bots:1:UserId", PickyBotId,
        "--ClawChat:Bots:1:Endpoint", model.BaseUrl,
        "--ClawChat:Bots:1:Model", "fake-model",
        "--ClawChat:Bots:1:AllowedInviters:0", "@nobody:localhost",
        "--ClawChat:BotLimits:EditInterval", "00:00:00.200",
        .. extra,
    ];

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync();
        _silo = await RunningSilo.StartAsync(BotSettings(_model));
    }

    /// <summary>Puts the fake model back to instant echo answers (tests change it).</summary>
    public void ResetModel()
    {
        Model.Answer = FakeOpenAiServer.EchoAnswer;
        Model.Mode = FakeOpenAiMode.Normal;
        Model.ChunkSize = 4;
        Model.ChunkDelay = TimeSpan.Zero;
        Model.FirstTokenDelay = TimeSpan.Zero;
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
    }
}
