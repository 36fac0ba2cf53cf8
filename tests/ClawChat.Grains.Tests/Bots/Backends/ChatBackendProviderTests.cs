using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Bots.Backends.JsonRpc;
using ClawChat.Grains.Bots.Backends.OpenAi;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Testing.FakeAgent;
using ClawChat.Testing.FakeOpenAi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static ClawChat.Grains.Tests.Bots.Backends.BackendTestSupport;

namespace ClawChat.Grains.Tests.Bots.Backends;

public sealed class ChatBackendProviderTests
{
    [Fact]
    public async Task Provider_PicksEachBotsBackend_FromConfiguration()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        await using var agent = await FakeJsonRpcAgent.StartUnixAsync();
        using var services = Services(new Dictionary<string, string?>
        {
            ["ClawChat:Bots:0:UserId"] = "@gpt:localhost",
            ["ClawChat:Bots:0:Backend"] = "openai",
            ["ClawChat:Bots:0:Endpoint"] = server.BaseUrl,
            ["ClawChat:Bots:0:ApiKey"] = "sk-gpt",
            ["ClawChat:Bots:1:UserId"] = "@agent:localhost",
            ["ClawChat:Bots:1:Backend"] = "jsonrpc",
            ["ClawChat:Bots:1:Endpoint"] = agent.Endpoint,
        });
        var provider = services.GetRequiredService<IChatBackendProvider>();

        var gpt = provider.Get("@gpt:localhost");
        var bridge = provider.Get("@agent:localhost");

        Assert.IsType<OpenAiChatBackend>(gpt);
        Assert.Equal("openai", gpt.Name);
        Assert.IsType<JsonRpcChatBackend>(bridge);
        Assert.Equal("jsonrpc", bridge.Name);
        Assert.Same(gpt, provider.Get("@gpt:localhost"));
        Assert.Equal("echo: what is 2+2?", Text(await CollectAsync(gpt, Request(stream: true))));
        Assert.Equal("agent: what is 2+2?", Text(await CollectAsync(bridge, Request(stream: true))));
        Assert.Equal("Bearer sk-gpt", server.Requests.Single().Authorization);
    }

    [Fact]
    public void UnknownBot_ThrowsKeyNotFound()
    {
        using var provider = new ChatBackendProvider([], NullLoggerFactory.Instance);

        Assert.Throws<KeyNotFoundException>(() => provider.Get("@nobody:localhost"));
    }

    [Fact]
    public async Task ApiKeyFile_IsReadOnceWhenTheBackendIsBuilt()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), "clawchat-key-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "sk-from-file\n");
        try
        {
            var bot = Bot(BotBackends.OpenAi, server.BaseUrl);
            bot.ApiKeyFile = file;
            using var provider = new ChatBackendProvider([bot], NullLoggerFactory.Instance);
            File.WriteAllText(file, "sk-changed-later\n");

            await CollectAsync(provider.Get(bot.UserId), Request(stream: false));

            Assert.Equal("Bearer sk-from-file", server.Requests.Single().Authorization);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void UnknownBackend_FailsValidation_NamingKeyAndValue()
    {
        using var services = Services(new Dictionary<string, string?>
        {
            ["ClawChat:Bots:0:UserId"] = "@bot:localhost",
            ["ClawChat:Bots:0:Backend"] = "anthropic",
            ["ClawChat:Bots:0:Endpoint"] = "http://127.0.0.1:1/v1",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IChatBackendProvider>());

        Assert.Contains("ClawChat:Bots:0:Backend 'anthropic'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", "unix:/run/agent.sock", null, "ClawChat:Bots:0:Endpoint 'unix:/run/agent.sock'")]
    [InlineData("jsonrpc", "/run/agent.sock", null, "ClawChat:Bots:0:Endpoint '/run/agent.sock'")]
    [InlineData("jsonrpc", null, null, "ClawChat:Bots:0:Endpoint ''")]
    [InlineData("openai", null, null, "needs ApiKey or ApiKeyFile")]
    [InlineData("openai", "http://127.0.0.1:11434/v1", "/nonexistent/clawchat-key", "ClawChat:Bots:0:ApiKeyFile '/nonexistent/clawchat-key'")]
    public void BadBackendSettings_FailValidation(string backend, string? endpoint, string? apiKeyFile, string expected)
    {
        var bot = new BotOptions { UserId = "@bot:localhost", Backend = backend, Endpoint = endpoint, ApiKeyFile = apiKeyFile };

        var result = new ChatBackendOptionsValidator().Validate(null, new BotsOptions { Bots = [bot] });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", "http://127.0.0.1:11434/v1")]
    [InlineData("jsonrpc", "unix:/run/agent.sock")]
    [InlineData("jsonrpc", "https://agent.internal/rpc")]
    [InlineData("OpenAI", "https://example.openai.azure.com/openai/v1/")]
    public void GoodBackendSettings_PassValidation(string backend, string endpoint)
    {
        var bot = new BotOptions { UserId = "@bot:localhost", Backend = backend, Endpoint = endpoint };

        Assert.True(new ChatBackendOptionsValidator().Validate(null, new BotsOptions { Bots = [bot] }).Succeeded);
    }

    [Fact]
    public void AddChatBackends_BindsTheListOnce_WhenCalledTwice()
    {
        using var services = Services(
            new Dictionary<string, string?>
            {
                ["ClawChat:Bots:0:UserId"] = "@agent:localhost",
                ["ClawChat:Bots:0:Backend"] = "jsonrpc",
                ["ClawChat:Bots:0:Endpoint"] = "unix:/run/agent.sock",
            },
            registrations: 2);

        Assert.Single(services.GetRequiredService<IOptions<BotsOptions>>().Value.Bots);
    }

    [Fact]
    public void AddChatBackends_ConsumesBotsOptionsBoundBefore_WithoutBindingAgain()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ClawChat:Bots:0:UserId"] = "@agent:localhost",
            ["ClawChat:Bots:0:Backend"] = "jsonrpc",
            ["ClawChat:Bots:0:Endpoint"] = "unix:/run/agent.sock",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddOptions<BotsOptions>().BindConfiguration("ClawChat");

        services.AddChatBackends();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetRequiredService<IOptions<BotsOptions>>().Value.Bots);
        Assert.IsType<JsonRpcChatBackend>(provider.GetRequiredService<IChatBackendProvider>().Get("@agent:localhost"));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, int registrations = 1)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        for (var i = 0; i < registrations; i++)
        {
            services.AddChatBackends();
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
