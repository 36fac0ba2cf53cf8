using ClawChat.Testing;
using ClawChat.Testing.FakeOpenAi;
using Xunit.Abstractions;

namespace ClawChat.Api.Tests.EndToEnd;

/// <summary>
/// Runs <c>tests/e2e/nio_bot_e2ee.py</c> — matrix-nio with real crypto (Debian's <c>python3-matrix-nio</c> +
/// <c>python3-olm</c>) talking to an AI bot in an ENCRYPTED room (DESIGN §8: Element creates encrypted DMs by default):
/// the user creates a room with <c>m.room.encryption</c>, invites <c>@clawbot:localhost</c>, sends an encrypted question
/// and decrypts the bot's encrypted, streamed answer. The bot's model is <see cref="FakeOpenAiServer"/>; afterwards the
/// test checks that the model saw the question's plaintext (the bot decrypted it with the room key from the inbox) and,
/// for a follow-up, the decrypted history.
/// </summary>
public sealed class NioBotE2eeEndToEndTests(ITestOutputHelper output)
{
    private const string BotId = "@clawbot:localhost";
    private const string SystemPrompt = "You are ClawBot. Answer in one short paragraph.";
    private const string Question = "Is this conversation end-to-end encrypted?";

    // Several paced chunks (streamed by encrypted edits), with non-ASCII text and an emoji outside the BMP.
    private const string Answer =
        "Yes — every message here is encrypted with Megolm, and the room key reached me over Olm 🔐. "
        + "The server only ever stores ciphertext.";

    private const string FollowUp = "Who else can read it?";

    private const string FollowUpAnswer = "Only the devices of this room's members that received the room key.";

    [Fact]
    public async Task NioBotE2eeScript_PassesAllChecks()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.ChunkSize = 8;
        model.ChunkDelay = TimeSpan.FromMilliseconds(20);
        model.Answer = request => request.LastUserContent switch
        {
            Question => Answer,
            FollowUp => FollowUpAnswer,
            var other => $"The fake model did not expect the question '{other}'.",
        };
        await using var silo = await E2eScript.StartBotSiloAsync(model, BotId, SystemPrompt);
        var url = silo.Client.BaseAddress!.ToString().TrimEnd('/');

        await E2eScript.AssertPassesAsync(output, "nio_bot_e2ee.py", url, silo.SharedSecret!, BotId, Question, Answer, FollowUp, FollowUpAnswer);
        var asked = Assert.Single(model.Requests, r => r.LastUserContent == Question);
        Assert.Equal(("system", SystemPrompt), (asked.Messages[0].Role, asked.Messages[0].Content));
        Assert.Equal(("user", Question), (asked.Messages[^1].Role, asked.Messages[^1].Content));

        // The follow-up's context is the decrypted history: the question, and the answer as last edited (the bundled
        // edit is encrypted too).
        var followUp = Assert.Single(model.Requests, r => r.LastUserContent == FollowUp);
        Assert.Equal(("user", FollowUp), (followUp.Messages[^1].Role, followUp.Messages[^1].Content));
        Assert.Contains(followUp.Messages, m => m.Role == "user" && m.Content == Question);
        Assert.Contains(followUp.Messages, m => m.Role == "assistant" && m.Content == Answer);
    }
}
