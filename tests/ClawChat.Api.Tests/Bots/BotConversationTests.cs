using System.Text.Json.Nodes;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;
using ClawChat.Testing.FakeOpenAi;
using static ClawChat.Api.Tests.Bots.BotsSiloFixture;

namespace ClawChat.Api.Tests.Bots;

/// <summary>Issue 7 end to end: a real silo, real HTTP, the OpenAI backend against a fake OpenAI-compatible server.</summary>
public sealed class BotConversationTests : IClassFixture<BotsSiloFixture>
{
    private readonly BotsSiloFixture _fixture;

    public BotConversationTests(BotsSiloFixture fixture)
    {
        _fixture = fixture;
        fixture.ResetModel();
    }

    private RunningSilo Silo => _fixture.Silo;

    private FakeOpenAiServer Model => _fixture.Model;

    [Fact]
    public async Task Invite_JoinsAndAnswers_WithStreamedEditsEndingInTheFullCompletion()
    {
        var expected = "echo: tell me a long story about lobsters and the sea";
        Model.ChunkSize = 3;
        Model.ChunkDelay = TimeSpan.FromMilliseconds(40);
        var alice = await MatrixTestClient.RegisterAsync(Silo);
        var roomId = await alice.CreateRoomWithBotAsync(BotId);

        var promptId = await alice.SendTextAsync(roomId, "tell me a long story about lobsters and the sea");
        var timeline = await alice.WaitForTimelineAsync(roomId,
            t => t.AnswersTo(BotId, promptId) is [var answer] && t.ShownText(answer) == expected,
            "the bot's answer to show the full completion");

        var answer = timeline.AnswersTo(BotId, promptId).Single();
        var edits = timeline.EditsOf(BotId, answer.Str("event_id")!);
        Assert.NotEmpty(edits);
        Assert.StartsWith(BotApi.Content(answer).Str("body")!, expected, StringComparison.Ordinal); // the first text was a prefix
        Assert.Equal(expected, BotApi.Content(edits[^1]).GetProperty("m.new_content").Str("body"));
        Assert.Equal("* " + expected, BotApi.Content(edits[^1]).Str("body"));
        Assert.True(edits.Count <= 10, $"{edits.Count} edits for a ~0.6 s answer: streaming edits are not throttled");

        var request = Model.Requests.Last(r => r.LastUserContent == "tell me a long story about lobsters and the sea");
        Assert.Equal("fake-model", request.Model);
        Assert.True(request.Stream);
        Assert.Equal(("system", SystemPrompt), (request.Messages[0].Role, request.Messages[0].Content));
        Assert.Equal("Bearer " + ApiKey, request.Authorization);
    }

    [Fact]
    public async Task Bot_IsAnOrdinaryUser_WithItsConfiguredDisplayName()
    {
        var alice = await MatrixTestClient.RegisterAsync(Silo);
        var profile = (await alice.GetAsync($"{RoomApi.V3}/profile/{MatrixTestClient.Escape(BotId)}")).AssertOk();
        Assert.Equal("ClawBot", profile.GetString("displayname"));

        var login = await MatrixTestClient.Anonymous(Silo).PostAsync($"{RoomApi.V3}/login", new JsonObject
        {
            ["type"] = "m.login.password",
            ["identifier"] = new JsonObject { ["type"] = "m.id.user", ["user"] = BotId },
            ["password"] = "",
        });
        Assert.NotEqual(System.Net.HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Invite_FromSomeoneNotAllowed_IsRejected()
    {
        var alice = await MatrixTestClient.RegisterAsync(Silo);
        var roomId = await alice.CreateRoomAsync(new JsonObject { ["invite"] = new JsonArray(PickyBotId) });
        await alice.WaitForMembershipAsync(roomId, PickyBotId, "leave");
    }

    [Fact]
    public async Task ThreadQuestion_IsAnsweredInTheThread_AndAMentionAsAReply()
    {
        var alice = await MatrixTestClient.RegisterAsync(Silo);
        var bob = await MatrixTestClient.RegisterAsync(Silo);
        var roomId = await alice.CreateRoomWithBotAsync(BotId, bob);

        var root = await bob.SendTextAsync(roomId, "the sea is deep");
        var inThread = await alice.SendThreadReplyAsync(roomId, root, "ClawBot, how deep?");
        var mention = await alice.SendTextAsync(roomId, "clawbot: and how wide?");
        var timeline = await alice.WaitForTimelineAsync(roomId,
            t => t.AnswersTo(BotId, inThread) is [var a] && t.ShownText(a) == "echo: ClawBot, how deep?"
                && t.AnswersTo(BotId, mention) is [var b] && t.ShownText(b) == "echo: clawbot: and how wide?",
            "answers to the thread question and the mention");

        var threadAnswer = BotApi.Content(timeline.AnswersTo(BotId, inThread).Single()).GetProperty("m.relates_to");
        Assert.Equal(("m.thread", root, true), (threadAnswer.Str("rel_type"), threadAnswer.Str("event_id"), threadAnswer.GetProperty("is_falling_back").GetBoolean()));
        Assert.Equal(inThread, threadAnswer.GetProperty("m.in_reply_to").Str("event_id"));
        var reply = BotApi.Content(timeline.AnswersTo(BotId, mention).Single()).GetProperty("m.relates_to");
        Assert.False(reply.TryGetProperty("rel_type", out _));
        Assert.Equal(mention, reply.GetProperty("m.in_reply_to").Str("event_id"));
        Assert.Empty(timeline.AnswersTo(BotId, root)); // three people: the root did not address the bot

        var threadRequest = Model.Requests.Single(r => r.LastUserContent == "ClawBot, how deep?");
        Assert.Equal(["the sea is deep", "ClawBot, how deep?"], threadRequest.Messages.Where(m => m.Role == "user").Select(m => m.Content));
    }

    [Fact]
    public async Task TwoRooms_TalkToOneBotConcurrently_WithoutMixingContexts()
    {
        Model.ChunkSize = 2;
        Model.ChunkDelay = TimeSpan.FromMilliseconds(15);
        var alice = await MatrixTestClient.RegisterAsync(Silo);
        var bob = await MatrixTestClient.RegisterAsync(Silo);
        var roomA = await alice.CreateRoomWithBotAsync(BotId);
        var roomB = await bob.CreateRoomWithBotAsync(BotId);
        var wordA = "apple-" + Guid.NewGuid().ToString("N")[..6];
        var wordB = "banana-" + Guid.NewGuid().ToString("N")[..6];

        var sends = await Task.WhenAll(alice.SendTextAsync(roomA, "I like " + wordA), bob.SendTextAsync(roomB, "I like " + wordB));
        await Task.WhenAll(
            alice.WaitForTimelineAsync(roomA, t => t.AnswersTo(BotId, sends[0]) is [var a] && t.ShownText(a) == "echo: I like " + wordA, "room A's answer"),
            bob.WaitForTimelineAsync(roomB, t => t.AnswersTo(BotId, sends[1]) is [var b] && t.ShownText(b) == "echo: I like " + wordB, "room B's answer"));
        var followUps = await Task.WhenAll(alice.SendTextAsync(roomA, "what do I like?"), bob.SendTextAsync(roomB, "what do I like?"));
        await Task.WhenAll(
            alice.WaitForTimelineAsync(roomA, t => t.AnswersTo(BotId, followUps[0]) is [var a] && t.ShownText(a) == "echo: what do I like?", "room A's second answer"),
            bob.WaitForTimelineAsync(roomB, t => t.AnswersTo(BotId, followUps[1]) is [var b] && t.ShownText(b) == "echo: what do I like?", "room B's second answer"));

        var contexts = Model.Requests.Where(r => r.LastUserContent == "what do I like?" && (r.RawBody.Contains(wordA, StringComparison.Ordinal) || r.RawBody.Contains(wordB, StringComparison.Ordinal))).ToList();
        Assert.Equal(2, contexts.Count);
        Assert.Single(contexts, r => r.RawBody.Contains(wordA, StringComparison.Ordinal) && !r.RawBody.Contains(wordB, StringComparison.Ordinal));
        Assert.Single(contexts, r => r.RawBody.Contains(wordB, StringComparison.Ordinal) && !r.RawBody.Contains(wordA, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(FakeOpenAiMode.ServerError, "unavailable")]
    [InlineData(FakeOpenAiMode.Unauthorized, "rejected")]
    [InlineData(FakeOpenAiMode.RateLimited, "rate-limiting")]
    public async Task BackendFailure_YieldsANotice_ThenTheBotRecovers(FakeOpenAiMode failure, string words)
    {
        var alice = await MatrixTestClient.RegisterAsync(Silo);
        var roomId = await alice.CreateRoomWithBotAsync(BotId);
        Model.Mode = failure;
        var failed = await alice.SendTextAsync(roomId, "are you there?");
        var timeline = await alice.WaitForTimelineAsync(roomId, t => t.NoticesFrom(BotId).Count == 1, "the failure notice");
        var notice = timeline.NoticesFrom(BotId).Single();
        Assert.Contains(words, BotApi.Content(notice).Str("body"), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, BotApi.Content(notice).Str("body"), StringComparison.Ordinal);
        Assert.Equal(failed, BotApi.InReplyTo(notice));
        Assert.Empty(timeline.AnswersTo(BotId, failed));

        Model.Mode = FakeOpenAiMode.Normal;
        var retry = await alice.SendTextAsync(roomId, "and now?");
        await alice.WaitForTimelineAsync(roomId, t => t.AnswersTo(BotId, retry) is [var a] && t.ShownText(a) == "echo: and now?", "the answer after recovery");
    }

    [Fact]
    public async Task EditOfThePrompt_RedoesTheAnswerInPlace()
    {
        Model.ChunkSize = 1;
        Model.ChunkDelay = TimeSpan.FromMilliseconds(30);
        var alice = await MatrixTestClient.RegisterAsync(Silo);
        var roomId = await alice.CreateRoomWithBotAsync(BotId);
        var prompt = await alice.SendTextAsync(roomId, "the capital of France, in a long sentence please");
        var timeline = await alice.WaitForTimelineAsync(roomId, t => t.AnswersTo(BotId, prompt).Count == 1, "the first streamed text");
        var answerId = timeline.AnswersTo(BotId, prompt).Single().Str("event_id");

        await alice.SendEditAsync(roomId, prompt, "the capital of Italy?");
        timeline = await alice.WaitForTimelineAsync(roomId,
            t => t.AnswersTo(BotId, prompt) is [var a] && t.ShownText(a) == "echo: the capital of Italy?",
            "the answer to show the redone completion");
        Assert.Equal(answerId, timeline.AnswersTo(BotId, prompt).Single().Str("event_id"));
        Assert.Contains(Model.Requests, r => r.LastUserContent == "the capital of Italy?");
    }

    [Fact]
    public async Task RedactionOfThePrompt_CancelsAndRedactsTheAnswer()
    {
        Model.ChunkSize = 1;
        Model.ChunkDelay = TimeSpan.FromMilliseconds(50);
        var alice = await MatrixTestClient.RegisterAsync(Silo);
        var roomId = await alice.CreateRoomWithBotAsync(BotId);
        var prompt = await alice.SendTextAsync(roomId, "a question I will delete, with a long answer");
        var timeline = await alice.WaitForTimelineAsync(roomId, t => t.AnswersTo(BotId, prompt).Count == 1, "the first streamed text");
        var answerId = timeline.AnswersTo(BotId, prompt).Single().Str("event_id")!;

        (await alice.PutAsync($"{RoomApi.Room(roomId)}/redact/{MatrixTestClient.Escape(prompt)}/{Guid.NewGuid():N}", new JsonObject())).AssertOk();
        timeline = await alice.WaitForTimelineAsync(roomId,
            t => t.Any(e => e.Str("event_id") == answerId && !BotApi.Content(e).EnumerateObject().Any()),
            "the bot's answer to be redacted");
        var edits = timeline.EditsOf(BotId, answerId).Count;
        Assert.True(edits < "echo: a question I will delete, with a long answer".Length, "the generation kept streaming after the redaction");
    }
}
