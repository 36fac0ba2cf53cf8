using ClawChat.Grains.Bots;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Tests.Bots;

/// <summary>The pure parts of the bots: context budget, inviter policy, rate limits, configuration validation.</summary>
public sealed class BotLogicTests
{
    [Fact]
    public void Context_KeepsTheNewestMessagesThatFitTheBudget_AndAlwaysThePrompt()
    {
        var history = Enumerable.Range(0, 10).Select(i => new ChatMessage(ChatRole.User, new string((char)('a' + i), 40))).ToList();
        var context = BotContext.Build("system", history, budgetTokens: 60);

        // system: 2 + 4 tokens; each message: 10 + 4 → 3 messages fit in the remaining 54.
        Assert.Equal(ChatRole.System, context[0].Role);
        Assert.Equal(["hhhh", "iiii", "jjjj"], context.Skip(1).Select(m => m.Content[..4]));
    }

    [Fact]
    public void Context_CutsAPromptLongerThanTheBudget()
    {
        var context = BotContext.Build(null, [new ChatMessage(ChatRole.User, new string('x', 10_000))], budgetTokens: 100);
        var prompt = Assert.Single(context);
        Assert.Equal(96 * BotContext.CharsPerToken, prompt.Content.Length);
    }

    [Theory]
    [InlineData(new string[0], "@alice:test.local", true)]
    [InlineData(new string[0], "@mallory:evil.org", false)]
    [InlineData(new[] { "@alice:test.local" }, "@alice:test.local", true)]
    [InlineData(new[] { "@alice:test.local" }, "@bob:test.local", false)]
    [InlineData(new[] { "*:friends.org" }, "@carol:friends.org", true)]
    [InlineData(new[] { "*:friends.org" }, "@carol:test.local", false)]
    [InlineData(new[] { "*" }, "@anyone:anywhere.net", true)]
    public void Inviter_IsAllowed_ByTheConfiguredPatterns(string[] allowed, string inviter, bool expected)
    {
        var bot = new BotOptions { UserId = "@clawbot:test.local", AllowedInviters = [.. allowed] };
        Assert.Equal(expected, InviterPolicy.IsAllowed(bot, inviter));
    }

    [Fact]
    public void RateLimiter_DeniesPastTheBurst_AnnouncesOncePerWindow_AndRefills()
    {
        var time = new ManualTime();
        var options = Options.Create(new BotsOptions { BotLimits = { UserBurst = 2, UserPerMinute = 2, RoomBurst = 100, RoomPerMinute = 100 } });
        var limiter = new BotRateLimiter(options, time);

        Assert.True(limiter.TryAcquire("@a:x", "room1").Allowed);
        Assert.True(limiter.TryAcquire("@a:x", "room2").Allowed);
        Assert.Equal(new BotRateDecision(false, "user", true), limiter.TryAcquire("@a:x", "room1"));
        Assert.Equal(new BotRateDecision(false, "user", false), limiter.TryAcquire("@a:x", "room1"));
        Assert.True(limiter.TryAcquire("@b:x", "room1").Allowed); // another user has their own bucket

        time.Advance(TimeSpan.FromSeconds(30)); // one token back at 2 per minute
        Assert.True(limiter.TryAcquire("@a:x", "room1").Allowed);
        Assert.False(limiter.TryAcquire("@a:x", "room1").Allowed);
    }

    [Fact]
    public void RateLimiter_LimitsARoom_AcrossUsers()
    {
        var options = Options.Create(new BotsOptions { BotLimits = { RoomBurst = 1, RoomPerMinute = 1 } });
        var limiter = new BotRateLimiter(options, new ManualTime());
        Assert.True(limiter.TryAcquire("@a:x", "room").Allowed);
        Assert.Equal("room", limiter.TryAcquire("@b:x", "room").LimitedBy);
    }

    [Fact]
    public void Validator_NamesEveryBadKey()
    {
        var validator = new BotOptionsValidator(Options.Create(new ClawChatOptions { ServerName = "test.local" }));
        var options = new BotsOptions
        {
            Bots =
            [
                new BotOptions { UserId = "@ok:test.local", Model = "m" },
                new BotOptions { UserId = "@ok:test.local", Model = "m" },
                new BotOptions { UserId = "@far:other.org", Model = "m", AvatarUrl = "http://x/y.png", AllowedInviters = ["bob"] },
                new BotOptions { UserId = "@nomodel:test.local", ContextTokens = 1 },
            ],
            BotLimits = { QueueLimit = -1 },
        };

        var result = validator.Validate(null, options);
        Assert.True(result.Failed);
        Assert.Equal(
            [
                "ClawChat:Bots:1:UserId '@ok:test.local' is configured twice.",
                "ClawChat:Bots:2:UserId '@far:other.org' is not on this server ('test.local', ClawChat:ServerName).",
                "ClawChat:Bots:2:AvatarUrl 'http://x/y.png' is not an mxc:// URI.",
                "ClawChat:Bots:2:AllowedInviters entry 'bob' is not a user ID, '*:server' or '*'.",
                "ClawChat:Bots:3:Model is required for the 'openai' backend (e.g. gpt-4o-mini, llama3.1).",
                "ClawChat:Bots:3:ContextTokens must be between 256 and 1000000 (got 1).",
                "ClawChat:BotLimits:QueueLimit must be between 0 and 1000 (got -1).",
            ],
            result.Failures);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
