using System.Diagnostics;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Bots.Backends.JsonRpc;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Testing.FakeAgent;
using ClawChat.Testing.FakeOpenAi;
using Microsoft.Extensions.Logging.Abstractions;
using static ClawChat.Grains.Tests.Bots.Backends.BackendTestSupport;

namespace ClawChat.Grains.Tests.Bots.Backends;

/// <summary>The bridge backend against <see cref="FakeJsonRpcAgent"/> over a real Unix socket and real HTTP.</summary>
public sealed class JsonRpcChatBackendTests
{
    public enum Transport
    {
        Unix,
        HttpStreaming,
        HttpPlain,
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.HttpStreaming)]
    public async Task Streamed_DeltasConcatenateToTheAnswer(Transport transport)
    {
        await using var agent = await StartAsync(transport);
        using var backend = Backend(agent);

        var deltas = await CollectAsync(backend, Request(stream: true, "a question long enough for several deltas"));

        Assert.Equal("agent: a question long enough for several deltas", Text(deltas));
        Assert.True(deltas.Count(d => d.Text.Length > 0) > 3, $"expected several deltas, got {deltas.Count}");
        Assert.Equal("stop", deltas[^1].FinishReason);
        Assert.NotNull(deltas[^1].Usage);
    }

    [Theory]
    [InlineData(FakeAgentFinalText.Full)]
    [InlineData(FakeAgentFinalText.Empty)]
    public async Task Streamed_FinalTextFullOrEmpty_GiveTheSameAnswer(FakeAgentFinalText finalText)
    {
        await using var agent = await StartAsync(Transport.Unix);
        agent.FinalText = finalText;
        using var backend = Backend(agent);

        var deltas = await CollectAsync(backend, Request(stream: true));

        Assert.Equal("agent: what is 2+2?", Text(deltas));
    }

    [Fact]
    public async Task Streamed_FinalTextThatDoesNotContinueTheDeltas_FailsAsMalformed()
    {
        await using var agent = await StartAsync(Transport.Unix);
        agent.FinalText = FakeAgentFinalText.Different;
        using var backend = Backend(agent);

        var error = await FailsAsync(backend, Request(stream: true));

        Assert.Equal(ChatBackendErrorKind.Malformed, error.Kind);
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.HttpPlain)]
    public async Task NotStreamed_YieldsTheWholeAnswer(Transport transport)
    {
        await using var agent = await StartAsync(transport);
        using var backend = Backend(agent);

        var deltas = await CollectAsync(backend, Request(stream: false));

        var delta = Assert.Single(deltas);
        Assert.Equal("agent: what is 2+2?", delta.Text);
        Assert.Equal(new ChatUsage(4, 4), delta.Usage);
    }

    [Fact]
    public async Task HttpWithoutStreaming_AnswersAStreamedRequestWhole()
    {
        await using var agent = await StartAsync(Transport.HttpPlain);
        using var backend = Backend(agent);

        var deltas = await CollectAsync(backend, Request(stream: true));

        Assert.Equal("agent: what is 2+2?", Assert.Single(deltas).Text);
    }

    [Theory]
    [InlineData(Transport.Unix, null)]
    [InlineData(Transport.HttpPlain, "Bearer agent-secret")]
    public async Task Request_CarriesConversationRoomSenderModelAndMessages(Transport transport, string? authorization)
    {
        await using var agent = await StartAsync(transport);
        using var backend = Backend(agent, apiKey: "agent-secret");

        await CollectAsync(backend, Request(stream: true, model: "agent-model"));

        var received = agent.Requests.Single();
        Assert.Equal("@bot:localhost|!room:localhost", received.Conversation);
        Assert.Equal("!room:localhost", received.RoomId);
        Assert.Equal("@bob:example.org", received.Sender);
        Assert.Equal("agent-model", received.Model);
        Assert.True(received.Stream);
        Assert.Equal(authorization, received.Authorization);
        Assert.Equal(
            [
                new FakeChatMessage("system", "You are a test bot.", null),
                new FakeChatMessage("user", "hello", "@alice:localhost"),
                new FakeChatMessage("assistant", "hi alice", null),
                new FakeChatMessage("user", "what is 2+2?", "@bob:example.org"),
            ],
            received.Messages);
    }

    [Fact]
    public async Task ManyConcurrentCalls_EachGetItsOwnAnswer()
    {
        await using var agent = await StartAsync(Transport.Unix);
        agent.ChunkDelay = TimeSpan.FromMilliseconds(5);
        using var backend = Backend(agent);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            Text(await CollectAsync(backend, Request(stream: true, $"question {i}")))));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"agent: question {i}"), answers);
    }

    [Theory]
    [InlineData(-32000, null, ChatBackendErrorKind.Rejected)]
    [InlineData(-32601, null, ChatBackendErrorKind.Rejected)]
    [InlineData(-32029, null, ChatBackendErrorKind.RateLimited)]
    [InlineData(-32000, "rate_limited", ChatBackendErrorKind.RateLimited)]
    [InlineData(-32030, null, ChatBackendErrorKind.Unavailable)]
    [InlineData(-32000, "unavailable", ChatBackendErrorKind.Unavailable)]
    [InlineData(-32000, "timeout", ChatBackendErrorKind.Timeout)]
    [InlineData(-32029, "rejected", ChatBackendErrorKind.Rejected)]
    public async Task ErrorObject_MapsToKind(int code, string? kind, ChatBackendErrorKind expected)
    {
        await using var agent = await StartAsync(Transport.Unix);
        agent.Mode = FakeAgentMode.Error;
        agent.ErrorCode = code;
        agent.ErrorKind = kind;
        using var backend = Backend(agent);

        var error = await FailsAsync(backend, Request(stream: true));

        Assert.Equal(expected, error.Kind);
        Assert.Contains(agent.ErrorMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimitedError_CarriesRetryAfter()
    {
        await using var agent = await StartAsync(Transport.Unix);
        agent.Mode = FakeAgentMode.Error;
        agent.ErrorCode = -32029;
        agent.ErrorRetryAfterMs = 1500;
        using var backend = Backend(agent);

        var error = await FailsAsync(backend, Request(stream: false));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.RetryAfter);
    }

    [Theory]
    [InlineData(429, ChatBackendErrorKind.RateLimited)]
    [InlineData(503, ChatBackendErrorKind.Unavailable)]
    [InlineData(400, ChatBackendErrorKind.Rejected)]
    public async Task HttpStatus_MapsToKind(int status, ChatBackendErrorKind expected)
    {
        await using var agent = await StartAsync(Transport.HttpPlain);
        agent.HttpStatus = status;
        using var backend = Backend(agent);

        var error = await FailsAsync(backend, Request(stream: false));

        Assert.Equal(expected, error.Kind);
    }

    [Theory]
    [InlineData(Transport.Unix, FakeAgentMode.OversizeLine)]
    [InlineData(Transport.HttpStreaming, FakeAgentMode.OversizeLine)]
    [InlineData(Transport.HttpPlain, FakeAgentMode.OversizeLine)]
    [InlineData(Transport.Unix, FakeAgentMode.MalformedLine)]
    [InlineData(Transport.Unix, FakeAgentMode.WrongId)]
    public async Task ProtocolViolation_FailsAsMalformed(Transport transport, FakeAgentMode mode)
    {
        await using var agent = await StartAsync(transport);
        agent.Mode = mode;
        using var backend = Backend(agent);

        var error = await FailsAsync(backend, Request(stream: true));

        Assert.Equal(ChatBackendErrorKind.Malformed, error.Kind);
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.HttpStreaming)]
    public async Task AgentClosingMidAnswer_FailsAsUnavailable(Transport transport)
    {
        await using var agent = await StartAsync(transport);
        agent.Mode = FakeAgentMode.CloseMidStream;
        using var backend = Backend(agent);

        var error = await FailsAsync(backend, Request(stream: true, "a question long enough for several deltas"));

        Assert.Equal(ChatBackendErrorKind.Unavailable, error.Kind);
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.HttpPlain)]
    public async Task Hang_FailsAsTimeout_WithinTheDeadline(Transport transport)
    {
        await using var agent = await StartAsync(transport);
        agent.Mode = FakeAgentMode.Hang;
        using var backend = Backend(agent, timeout: TimeSpan.FromMilliseconds(500));

        var watch = Stopwatch.StartNew();
        var error = await FailsAsync(backend, Request(stream: true));

        Assert.Equal(ChatBackendErrorKind.Timeout, error.Kind);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"timed out after {watch.Elapsed}, deadline 0.5 s");
    }

    [Fact]
    public async Task Failure_ThenRecovery_AnswersAgain()
    {
        await using var agent = await StartAsync(Transport.Unix);
        agent.EnqueueModes(FakeAgentMode.CloseMidStream);
        using var backend = Backend(agent);

        await FailsAsync(backend, Request(stream: true));
        var deltas = await CollectAsync(backend, Request(stream: true));

        Assert.Equal("agent: what is 2+2?", Text(deltas));
    }

    [Fact]
    public async Task MissingSocket_FailsAsUnavailable()
    {
        var path = Path.Combine(Path.GetTempPath(), "cc-missing-" + Guid.NewGuid().ToString("N")[..12] + ".sock");
        using var backend = new JsonRpcChatBackend(
            Bot(BotBackends.JsonRpc, "unix:" + path), null, NullLogger<JsonRpcChatBackend>.Instance);

        var error = await FailsAsync(backend, Request(stream: true));

        Assert.Equal(ChatBackendErrorKind.Unavailable, error.Kind);
    }

    [Theory]
    [InlineData("unix:/run/agent.sock", "/run/agent.sock")]
    [InlineData("unix:///run/agent.sock", "/run/agent.sock")]
    [InlineData("UNIX:/tmp/a.sock", "/tmp/a.sock")]
    public void UnixEndpoint_ParsesToPath(string endpoint, string expected)
    {
        Assert.True(JsonRpcChatBackend.TryParseUnixPath(endpoint, out var path));
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("unix:")]
    [InlineData("/run/agent.sock")]
    [InlineData(null)]
    public void NotAUnixEndpoint_IsRefused(string? endpoint)
    {
        Assert.False(JsonRpcChatBackend.TryParseUnixPath(endpoint, out _));
    }

    private static async Task<FakeJsonRpcAgent> StartAsync(Transport transport)
    {
        if (transport == Transport.Unix)
        {
            return await FakeJsonRpcAgent.StartUnixAsync();
        }

        var agent = await FakeJsonRpcAgent.StartHttpAsync();
        agent.HttpStreaming = transport == Transport.HttpStreaming;
        return agent;
    }

    private static JsonRpcChatBackend Backend(FakeJsonRpcAgent agent, string? apiKey = null, TimeSpan? timeout = null) =>
        new(Bot(BotBackends.JsonRpc, agent.Endpoint, apiKey, timeout), apiKey, NullLogger<JsonRpcChatBackend>.Instance);
}
