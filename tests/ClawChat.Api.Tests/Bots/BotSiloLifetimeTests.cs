using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;
using ClawChat.Testing.FakeOpenAi;
using static ClawChat.Api.Tests.Bots.BotsSiloFixture;

namespace ClawChat.Api.Tests.Bots;

/// <summary>Bot behaviour that needs a silo of its own: tight rate limits, a restart over the same data directory,
/// and configuration errors at start.</summary>
public sealed class BotSiloLifetimeTests
{
    [Fact]
    public async Task RateLimit_PerUser_AnswersTheBurst_ThenOneNotice()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        await using var silo = await RunningSilo.StartAsync(BotSettings(model, "--ClawChat:BotLimits:UserBurst", "2", "--ClawChat:BotLimits:UserPerMinute", "1"));
        var alice = await MatrixTestClient.RegisterAsync(silo);
        var roomId = await alice.CreateRoomWithBotAsync(BotId);

        var prompts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            prompts.Add(await alice.SendTextAsync(roomId, $"question {i}"));
        }

        await alice.SendTextAsync(roomId, "!bot status"); // not rate-limited; its notice comes after the four are handled
        var timeline = await alice.WaitForTimelineAsync(roomId,
            t => t.NoticesFrom(BotId).Any(n => BotApi.Content(n).Str("body")!.StartsWith("Model:", StringComparison.Ordinal))
                && t.AnswersTo(BotId, prompts[1]) is [var a] && t.ShownText(a) == "echo: question 1",
            "two answers and the status notice");
        Assert.Equal("echo: question 0", timeline.ShownText(timeline.AnswersTo(BotId, prompts[0]).Single()));
        Assert.Empty(timeline.AnswersTo(BotId, prompts[2]));
        Assert.Empty(timeline.AnswersTo(BotId, prompts[3]));
        var limited = timeline.NoticesFrom(BotId).Where(n => BotApi.Content(n).Str("body")!.Contains("too fast", StringComparison.Ordinal)).ToList();
        Assert.Equal(prompts[2], BotApi.InReplyTo(Assert.Single(limited)));
        Assert.Equal(2, model.Requests.Count);
    }

    [Fact]
    public async Task Commands_ArePersisted_AcrossARestart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "clawchat-bot-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var model = await FakeOpenAiServer.StartAsync();
            string userId, password, roomId;
            await using (var silo = await RunningSilo.StartAsync(BotSettings(model, "--ClawChat:DataDirectory", dataDirectory)))
            {
                var alice = await MatrixTestClient.RegisterAsync(silo);
                (userId, password) = (alice.UserId, alice.Password!);
                roomId = await alice.CreateRoomWithBotAsync(BotId);
                await alice.SendTextAsync(roomId, "!bot model persisted-model");
                await alice.SendTextAsync(roomId, "!bot system You only speak in haiku.");
                await alice.SendTextAsync(roomId, "!bot streaming off");
                var timeline = await alice.WaitForTimelineAsync(roomId, t => t.NoticesFrom(BotId).Count == 3, "three command confirmations");
                Assert.Equal(
                    ["Model set to persisted-model for this room.", "System prompt set for this room.", "Streaming off: answers arrive whole."],
                    timeline.NoticesFrom(BotId).Select(n => BotApi.Content(n).Str("body")));
            }

            await using (var silo = await RunningSilo.StartAsync(BotSettings(model, "--ClawChat:DataDirectory", dataDirectory)))
            {
                var alice = await MatrixTestClient.LoginAsync(silo, userId, password);
                var prompt = await alice.SendTextAsync(roomId, "write about autumn");
                var timeline = await alice.WaitForTimelineAsync(roomId,
                    t => t.AnswersTo(BotId, prompt) is [var a] && t.ShownText(a) == "echo: write about autumn", "the answer after the restart");
                Assert.Empty(timeline.EditsOf(BotId, timeline.AnswersTo(BotId, prompt).Single().Str("event_id")!)); // sent whole
                var request = model.Requests[^1];
                Assert.Equal(("persisted-model", false), (request.Model, request.Stream));
                Assert.Equal(("system", "You only speak in haiku."), (request.Messages[0].Role, request.Messages[0].Content));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("--ClawChat:Bots:0:UserId", "@clawbot:elsewhere.org", "ClawChat:Bots:0:UserId '@clawbot:elsewhere.org' is not on this server")]
    [InlineData("--ClawChat:Bots:0:UserId", "clawbot", "ClawChat:Bots:0:UserId 'clawbot' is not a valid Matrix user ID")]
    [InlineData("--ClawChat:Bots:0:Backend", "carrier-pigeon", "ClawChat:Bots:0:Backend 'carrier-pigeon'")]
    [InlineData("--ClawChat:BotLimits:MaxConcurrentCalls", "0", "ClawChat:BotLimits:MaxConcurrentCalls must be between 1 and 1024 (got 0)")]
    public async Task InvalidConfiguration_FailsStart_NamingTheKey(string key, string value, string message)
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningSilo.StartAsync(BotSettings(model, key, value)));
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }
}
