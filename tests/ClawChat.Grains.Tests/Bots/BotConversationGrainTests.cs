using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using ClawChat.Grains.Bots;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Interfaces.Bots;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Tests.Rooms;

namespace ClawChat.Grains.Tests.Bots;

/// <summary>The conversation grain on the in-memory runtime with a scripted model (no sockets).</summary>
public sealed class BotConversationGrainTests
{
    private const string Bot = BotsTestSilo.BotId;

    [Fact]
    public async Task DirectChat_AnswersEveryMessage_AsAReplyWhoseLastEditIsTheWholeAnswer()
    {
        await using var silo = await BotsTestSilo.StartAsync();
        var room = await BotRoom.CreateAsync(silo);

        var prompt = await room.SendAsync("hello bot, how are you today?");
        var timeline = await room.WaitForAsync(t => t.Answered(prompt, "echo: hello bot, how are you today?"), "the streamed answer");

        var answer = timeline.AnswersTo(prompt).Single();
        Assert.Null(answer.RelType()); // a plain reply, not a thread
        Assert.NotEmpty(timeline.EditsOf(answer.Str("event_id")!));
        var request = Assert.Single(silo.Backend.Requests);
        Assert.Equal("test-model", request.Model);
        Assert.True(request.Stream);
        Assert.Equal([ChatRole.System, ChatRole.User], request.Messages.Select(m => m.Role));
        Assert.Equal("Be brief.", request.Messages[0].Content);
        Assert.Equal(room.UserId, request.Messages[1].Name);
        Assert.Equal(BotConversationKey.Format(Bot, room.RoomId), request.Conversation);
    }

    [Fact]
    public async Task Context_HoldsEarlierTurns_AndForgetsThemAfterReset()
    {
        await using var silo = await BotsTestSilo.StartAsync();
        var room = await BotRoom.CreateAsync(silo);
        var first = await room.SendAsync("my name is Ada");
        await room.WaitForAsync(t => t.Answered(first, "echo: my name is Ada"), "the first answer");

        var second = await room.SendAsync("what is my name?");
        await room.WaitForAsync(t => t.Answered(second, "echo: what is my name?"), "the second answer");
        Assert.Equal(
            [(ChatRole.System, "Be brief."), (ChatRole.User, "my name is Ada"), (ChatRole.Assistant, "echo: my name is Ada"), (ChatRole.User, "what is my name?")],
            silo.Backend.Requests[^1].Messages.Select(m => (m.Role, m.Content)));

        var reset = await room.SendAsync("!bot reset");
        await room.WaitForAsync(t => t.Notices().Any(n => n.Contains("forgotten", StringComparison.Ordinal)), "the reset notice");
        var third = await room.SendAsync("and now?");
        await room.WaitForAsync(t => t.Answered(third, "echo: and now?"), "the third answer");
        Assert.Equal([(ChatRole.System, "Be brief."), (ChatRole.User, "and now?")], silo.Backend.Requests[^1].Messages.Select(m => (m.Role, m.Content)));
        Assert.NotNull(reset);
    }

    [Fact]
    public async Task LargerRoom_AnswersOnlyMentions_RepliesToTheBot_AndItsThreads()
    {
        await using var silo = await BotsTestSilo.StartAsync();
        var bob = RoomsTestSilo.NewUserId("bob");
        var room = await BotRoom.CreateAsync(silo, bob);

        var chatter = await room.SendAsync("lunch anyone?");
        var mention = await room.SendAsync("clawbot: what is 2+2?");
        var timeline = await room.WaitForAsync(t => t.Answered(mention, "echo: clawbot: what is 2+2?"), "the answer to the mention");
        Assert.Empty(timeline.AnswersTo(chatter));
        var answerId = timeline.AnswersTo(mention).Single().Str("event_id")!;
        Assert.Contains(room.UserId, timeline.AnswersTo(mention).Single().Content().GetProperty("m.mentions").GetProperty("user_ids").EnumerateArray().Select(e => e.GetString()));

        var reply = await room.SendAsync(new JsonObject
        {
            ["msgtype"] = "m.text",
            ["body"] = "why?",
            ["m.relates_to"] = new JsonObject { ["m.in_reply_to"] = new JsonObject { ["event_id"] = answerId } },
        }, bob);
        await room.WaitForAsync(t => t.Answered(reply, "echo: why?"), "the answer to a reply to the bot");

        var byMentions = await room.SendAsync(new JsonObject
        {
            ["msgtype"] = "m.text",
            ["body"] = "hey you",
            ["m.mentions"] = new JsonObject { ["user_ids"] = new JsonArray(Bot) },
        });
        await room.WaitForAsync(t => t.Answered(byMentions, "echo: hey you"), "the answer to an m.mentions mention");
        var notice = await room.SendAsync(new JsonObject { ["msgtype"] = "m.notice", ["body"] = "clawbot: a notice" });
        var last = await room.SendAsync("clawbot: last");
        timeline = await room.WaitForAsync(t => t.Answered(last, "echo: clawbot: last"), "the last answer");
        Assert.Empty(timeline.AnswersTo(notice));
        Assert.Empty(timeline.AnswersTo(chatter));
    }

    [Fact]
    public async Task ThreadQuestion_IsAnsweredInTheThread_WithTheThreadAsContext()
    {
        await using var silo = await BotsTestSilo.StartAsync();
        var bob = RoomsTestSilo.NewUserId("bob");
        var room = await BotRoom.CreateAsync(silo, bob);
        var root = await room.SendAsync("a root about whales", bob);
        await room.SendAsync("unrelated main timeline talk");
        var question = await room.SendAsync(new JsonObject
        {
            ["msgtype"] = "m.text",
            ["body"] = "ClawBot, how big are they?",
            ["m.relates_to"] = new JsonObject
            {
                ["rel_type"] = "m.thread",
                ["event_id"] = root,
                ["is_falling_back"] = true,
                ["m.in_reply_to"] = new JsonObject { ["event_id"] = root },
            },
        });

        var timeline = await room.WaitForAsync(t => t.Answered(question, "echo: ClawBot, how big are they?"), "the thread answer");
        var relation = timeline.AnswersTo(question).Single().Relation()!.Value;
        Assert.Equal("m.thread", relation.Str("rel_type"));
        Assert.Equal(root, relation.Str("event_id"));
        Assert.True(relation.GetProperty("is_falling_back").GetBoolean());
        Assert.Equal(question, relation.GetProperty("m.in_reply_to").Str("event_id"));
        Assert.Equal(
            [(ChatRole.System, "Be brief."), (ChatRole.User, "a root about whales"), (ChatRole.User, "ClawBot, how big are they?")],
            silo.Backend.Requests[^1].Messages.Select(m => (m.Role, m.Content)));

        // Later messages in a thread the bot answered in are addressed to it without a mention.
        var followUp = await room.SendAsync(new JsonObject
        {
            ["msgtype"] = "m.text",
            ["body"] = "and how old?",
            ["m.relates_to"] = new JsonObject { ["rel_type"] = "m.thread", ["event_id"] = root, ["is_falling_back"] = true },
        }, bob);
        await room.WaitForAsync(t => t.Answered(followUp, "echo: and how old?"), "the follow-up answer in the thread");
    }

    [Fact]
    public async Task Commands_ArePersisted_AcrossARestart()
    {
        await using var silo = await BotsTestSilo.StartAsync();
        var room = await BotRoom.CreateAsync(silo);
        await room.SendAsync("!bot model other-model");
        await room.SendAsync("!bot system You are a pirate.");
        await room.SendAsync("!bot streaming off");
        await room.WaitForAsync(t => t.Notices().Count == 3, "three command confirmations");

        await silo.RestartAsync();
        var status = await silo.Factory.GetGrain<IBotConversationGrain>(BotConversationKey.Format(Bot, room.RoomId)).GetStatusAsync();
        Assert.Equal(("other-model", "You are a pirate.", true, false), (status.Model, status.SystemPrompt, status.SystemPromptOverridden, status.Streaming));

        var prompt = await room.SendAsync("ahoy");
        var timeline = await room.WaitForAsync(t => t.Answered(prompt, "echo: ahoy"), "the answer after the restart");
        Assert.Empty(timeline.EditsOf(timeline.AnswersTo(prompt).Single().Str("event_id")!)); // streaming off: sent whole
        var request = silo.Backend.Requests[^1];
        Assert.Equal(("other-model", false, "You are a pirate."), (request.Model, request.Stream, request.Messages[0].Content));

        await room.SendAsync("!bot system reset");
        await room.SendAsync("!bot status");
        timeline = await room.WaitForAsync(t => t.Notices().Any(n => n.StartsWith("Model:", StringComparison.Ordinal)), "the status notice");
        Assert.Equal("Model: other-model · streaming off · system prompt default · idle, 0 waiting", timeline.Notices()[^1]);
    }

    [Fact]
    public async Task EditOfARunningPrompt_CancelsAndRedoes_IntoTheSameAnswer()
    {
        await using var silo = await BotsTestSilo.StartAsync();
        var room = await BotRoom.CreateAsync(silo);
        var stream = silo.Backend.NextControlled();
        var prompt = await room.SendAsync("what is the capital of France?");
        await stream.Writer.WriteAsync("Lyon is");
        var timeline = await room.WaitForAsync(t => t.AnswersTo(prompt).Count == 1, "the first streamed text");
        var answerId = timeline.AnswersTo(prompt).Single().Str("event_id")!;

        await room.EditAsync(prompt, "what is the capital of Italy?");
        timeline = await room.WaitForAsync(t => t.Answered(prompt, "echo: what is the capital of Italy?"), "the redone answer");
        Assert.Equal(answerId, timeline.AnswersTo(prompt).Single().Str("event_id"));
        Assert.Equal(2, silo.Backend.Requests.Count);
        Assert.Equal("what is the capital of Italy?", silo.Backend.Requests[1].Messages[^1].Content);

        // An edit after the answer is complete redoes it too.
        await room.EditAsync(prompt, "and of Spain?");
        await room.WaitForAsync(t => t.Answered(prompt, "echo: and of Spain?"), "the answer redone after completion");
        stream.Writer.Complete();
    }

    [Fact]
    public async Task RedactionOfARunningPrompt_CancelsAndRedactsTheAnswer()
    {
        await using var silo = await BotsTestSilo.StartAsync();
        var room = await BotRoom.CreateAsync(silo);
        var stream = silo.Backend.NextControlled();
        var prompt = await room.SendAsync("something I will regret");
        await stream.Writer.WriteAsync("Sure, here");
        var timeline = await room.WaitForAsync(t => t.AnswersTo(prompt).Count == 1, "the first streamed text");
        var answerId = timeline.AnswersTo(prompt).Single().Str("event_id")!;

        await room.RedactAsync(prompt);
        await room.WaitForAsync(t => t.Single(e => e.Str("event_id") == answerId).Content().GetPropertyCount() == 0, "the answer to be redacted");
        var status = await silo.Factory.GetGrain<IBotConversationGrain>(BotConversationKey.Format(Bot, room.RoomId)).GetStatusAsync();
        Assert.False(status.Generating);

        // A redaction of an answered prompt removes the finished answer too.
        var next = await room.SendAsync("a fine question");
        timeline = await room.WaitForAsync(t => t.Answered(next, "echo: a fine question"), "the next answer");
        var nextAnswer = timeline.AnswersTo(next).Single().Str("event_id")!;
        await room.RedactAsync(next);
        await room.WaitForAsync(t => t.Single(e => e.Str("event_id") == nextAnswer).Content().GetPropertyCount() == 0, "the finished answer to be redacted");
    }

    [Theory]
    [InlineData(ChatBackendErrorKind.Unavailable, "unavailable")]
    [InlineData(ChatBackendErrorKind.RateLimited, "rate-limiting")]
    [InlineData(ChatBackendErrorKind.Rejected, "rejected")]
    public async Task BackendFailure_PostsANotice_AndTheConversationRecovers(ChatBackendErrorKind kind, string words)
    {
        await using var silo = await BotsTestSilo.StartAsync();
        var room = await BotRoom.CreateAsync(silo);
        silo.Backend.NextFails(kind);
        var failed = await room.SendAsync("first try");
        var timeline = await room.WaitForAsync(t => t.Notices().Count == 1, "the failure notice");
        var notice = timeline.Notices().Single();
        Assert.Contains(words, notice, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-", notice, StringComparison.Ordinal);
        Assert.Equal(failed, timeline.Single(e => e.Content().Str("msgtype") == "m.notice").InReplyTo());

        var retry = await room.SendAsync("second try");
        await room.WaitForAsync(t => t.Answered(retry, "echo: second try"), "the answer after the failure");
    }

    [Fact]
    public async Task SilentModel_TimesOut_WithANotice()
    {
        await using var silo = await BotsTestSilo.StartAsync(bot => bot.RequestTimeout = TimeSpan.FromMilliseconds(300));
        var room = await BotRoom.CreateAsync(silo);
        _ = silo.Backend.NextControlled(); // never writes
        await room.SendAsync("hello?");
        var timeline = await room.WaitForAsync(t => t.Notices().Count == 1, "the timeout notice");
        Assert.Equal("The model did not answer within 0.3 seconds.", timeline.Notices()[0]);
    }

    [Fact]
    public async Task FullQueue_GetsABusyNotice()
    {
        await using var silo = await BotsTestSilo.StartAsync(limits: l => l.QueueLimit = 1);
        var room = await BotRoom.CreateAsync(silo);
        var stream = silo.Backend.NextControlled();
        var first = await room.SendAsync("one");
        await room.WaitForAsync(_ => silo.Backend.Requests.Count == 1, "the first model call");
        var second = await room.SendAsync("two");
        var third = await room.SendAsync("three");
        var timeline = await room.WaitForAsync(t => t.Notices().Count == 1, "the busy notice");
        Assert.StartsWith("I'm busy", timeline.Notices()[0], StringComparison.Ordinal);
        Assert.Equal(third, timeline.Single(e => e.Content().Str("msgtype") == "m.notice").InReplyTo());

        await stream.Writer.WriteAsync("done");
        stream.Writer.Complete();
        await room.WaitForAsync(t => t.Answered(first, "done") && t.Answered(second, "echo: two"), "both queued answers");
    }

    [Fact]
    public async Task RateLimit_PerUser_DeniesOverTheBurst_WithOneNotice()
    {
        await using var silo = await BotsTestSilo.StartAsync(limits: l => (l.UserBurst, l.UserPerMinute) = (2, 1));
        var room = await BotRoom.CreateAsync(silo);
        var prompts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            prompts.Add(await room.SendAsync($"question {i}"));
        }

        await room.SendAsync("!bot status"); // commands are not limited; its notice marks the end of the batch
        var timeline = await room.WaitForAsync(
            t => t.Notices().Any(n => n.StartsWith("Model:", StringComparison.Ordinal)) && t.Answered(prompts[1], "echo: question 1"),
            "two answers and the status notice");
        Assert.True(timeline.Answered(prompts[0], "echo: question 0"));
        Assert.Empty(timeline.AnswersTo(prompts[2]));
        Assert.Empty(timeline.AnswersTo(prompts[3]));
        Assert.Equal(["You are sending me questions too fast; please wait a minute."], timeline.Notices().Where(n => n.Contains("too fast", StringComparison.Ordinal)));
        Assert.Equal(2, silo.Backend.Requests.Count);
    }

    [Fact]
    public async Task Metrics_RecordOverhead_FirstToken_AndCompletion()
    {
        await using var silo = await BotsTestSilo.StartAsync();
        var recorded = new System.Collections.Concurrent.ConcurrentDictionary<string, double>();
        var meter = silo.Metrics.Meter; // only this silo's: other tests' silos record on meters of the same name
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((i, value, _, _) => recorded[i.Name] = value);
        listener.SetMeasurementEventCallback<long>((i, value, _, _) => recorded.AddOrUpdate(i.Name, value, (_, old) => old + value));
        listener.Start();

        var room = await BotRoom.CreateAsync(silo);
        var prompt = await room.SendAsync("measure me");
        await room.WaitForAsync(t => t.Answered(prompt, "echo: measure me"), "the answer");
        // Tokens are counted after the completion itself: wait for both parts (prompt 10 + completion 5).
        await BotRoom.WaitAsync(() => Task.FromResult(recorded.GetValueOrDefault("clawchat.bot.tokens") >= 15), "the token metrics");
        Assert.InRange(recorded["clawchat.bot.platform_overhead"], 0, 5_000);
        Assert.True(recorded.ContainsKey("clawchat.bot.time_to_first_token"));
        Assert.Equal(15, recorded["clawchat.bot.tokens"]);
    }

    [Fact]
    public async Task Invite_ByAnInviterNotAllowed_IsRejected()
    {
        await using var silo = await BotsTestSilo.StartAsync(bot => bot.AllowedInviters = ["@admin:test.local"]);
        var user = RoomsTestSilo.NewUserId();
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, user, RoomPresets.TrustedPrivateChat, [Bot]);
        await BotRoom.WaitAsync(async () => await room.GetMembershipAsync(Bot) == "leave", "the bot to reject the invite");
    }

    [Fact]
    public async Task Typing_IsOnWhileAnswering_AndOffAfterwards()
    {
        await using var silo = await BotsTestSilo.StartAsync();
        var room = await BotRoom.CreateAsync(silo);
        var ephemeral = silo.Factory.GetGrain<IRoomEphemeralGrain>(room.RoomId);
        async Task<bool> BotTypingAsync() =>
            (await ephemeral.GetAsync(room.UserId, null)).Typing is { } typing
            && typing.GetProperty("content").GetProperty("user_ids").EnumerateArray().Any(u => u.GetString() == Bot);

        var stream = silo.Backend.NextControlled();
        var prompt = await room.SendAsync("take your time");
        await BotRoom.WaitAsync(BotTypingAsync, "the bot to be typing");
        await stream.Writer.WriteAsync("done");
        stream.Writer.Complete();
        await room.WaitForAsync(t => t.Answered(prompt, "done"), "the answer");
        await BotRoom.WaitAsync(async () => !await BotTypingAsync(), "the bot to stop typing");
    }
}
