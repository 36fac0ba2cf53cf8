using ClawChat.Testing;
using ClawChat.Testing.FakeOpenAi;
using Xunit.Abstractions;

namespace ClawChat.Api.Tests.EndToEnd;

/// <summary>
/// Runs <c>tests/e2e/nio_bot.py</c> — a real Matrix client library (matrix-nio, Debian's <c>python3-matrix-nio</c>)
/// talking to an AI bot (issue 7): a user invites <c>@clawbot:localhost</c> into an unencrypted room, sees it join,
/// asks a question and watches the streamed answer arrive as a reply plus <c>m.replace</c> edits ending in the full
/// completion, then asks a follow-up in a thread and gets the answer in that thread. The bot's model is
/// <see cref="FakeOpenAiServer"/> on loopback, streaming a scripted answer in small paced chunks; afterwards the
/// requests it received are checked (system prompt first, the question last, the thread root in the thread's context).
/// </summary>
public sealed class NioBotEndToEndTests(ITestOutputHelper output)
{
    private const string BotId = "@clawbot:localhost";
    private const string SystemPrompt = "You are ClawBot. Answer in one short paragraph.";
    private const string Question = "What do lobsters eat?";
    private const string ThreadQuestion = "And how long do they live?";

    // Long enough for several paced chunks (so the answer is streamed by edits), with non-ASCII text and an emoji
    // outside the BMP so that exactness covers UTF-8 and surrogate pairs end to end.
    private const string Answer =
        "Lobsters are omnivores: they eat fish, mollusks, worms, crabs and some plant life — and, when food is scarce, "
        + "even other lobsters 🦞. Young ones mostly filter plankton.";

    private const string ThreadAnswer =
        "Many lobsters live 30 to 50 years in the wild; some are thought to reach 100. Age is hard to tell: they moult.";

    [Fact]
    public async Task NioBotScript_PassesAllChecks()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.ChunkSize = 6;
        model.ChunkDelay = TimeSpan.FromMilliseconds(20);
        model.Answer = request => request.LastUserContent switch
        {
            Question => Answer,
            ThreadQuestion => ThreadAnswer,
            var other => $"The fake model did not expect the question '{other}'.",
        };
        await using var silo = await E2eScript.StartBotSiloAsync(model, BotId, SystemPrompt);
        var url = silo.Client.BaseAddress!.ToString().TrimEnd('/');

        await E2eScript.AssertPassesAsync(output, "nio_bot.py", url, silo.SharedSecret!, BotId, Question, Answer, ThreadQuestion, ThreadAnswer);

        var requests = model.Requests;
        var asked = Assert.Single(requests, r => r.LastUserContent == Question);
        Assert.True(asked.Stream, "the question's model request did not ask for streaming");
        Assert.Equal(("system", SystemPrompt), (asked.Messages[0].Role, asked.Messages[0].Content));
        Assert.Equal(("user", Question), (asked.Messages[^1].Role, asked.Messages[^1].Content));

        var followUp = Assert.Single(requests, r => r.LastUserContent == ThreadQuestion);
        Assert.Equal(("system", SystemPrompt), (followUp.Messages[0].Role, followUp.Messages[0].Content));
        Assert.Equal(("user", ThreadQuestion), (followUp.Messages[^1].Role, followUp.Messages[^1].Content));
        Assert.Contains(followUp.Messages, m => m.Role == "assistant" && m.Content == Answer); // the thread root, as last edited
    }
}
