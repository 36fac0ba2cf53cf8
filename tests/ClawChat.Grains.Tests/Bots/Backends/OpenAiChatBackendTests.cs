using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Bots.Backends.OpenAi;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Testing.FakeOpenAi;
using Microsoft.Extensions.Logging.Abstractions;
using static ClawChat.Grains.Tests.Bots.Backends.BackendTestSupport;

namespace ClawChat.Grains.Tests.Bots.Backends;

public sealed class OpenAiChatBackendTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-0123456789abcdef";

    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Streamed_DeltasConcatenateToTheAnswer()
    {
        using var backend = Backend();

        var deltas = await CollectAsync(backend, Request(stream: true, "tell me a long story please"));

        Assert.Equal("echo: tell me a long story please", Text(deltas));
        Assert.True(deltas.Count(d => d.Text.Length > 0) > 3, $"expected several deltas, got {deltas.Count}");
        Assert.All(deltas.Where(d => d.Text.Length > 0), d => Assert.True(d.Text.Length <= _server.ChunkSize));
        Assert.Equal("stop", deltas[^1].FinishReason);
    }

    [Fact]
    public async Task Streamed_AsksForUsageAndReportsIt()
    {
        using var backend = Backend();

        var deltas = await CollectAsync(backend, Request(stream: true));

        Assert.True(_server.Requests.Single().IncludeUsage, "the streamed request should ask for stream_options.include_usage");
        var usage = Assert.IsType<ChatUsage>(deltas[^1].Usage);
        Assert.True(usage.PromptTokens > 0 && usage.CompletionTokens > 0, $"usage {usage}");
    }

    [Fact]
    public async Task Streamed_DeltasArriveAsTheyAreProduced()
    {
        _server.ChunkDelay = TimeSpan.FromMilliseconds(600);
        _server.ChunkSize = 1;
        _server.Answer = _ => "abcdefgh";
        using var backend = Backend();

        var watch = Stopwatch.StartNew();
        await using var deltas = backend.CompleteAsync(Request(stream: true), CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await deltas.MoveNextAsync());

        Assert.Equal("a", deltas.Current.Text);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"the first delta took {watch.Elapsed}; the whole answer takes 4.2 s");
    }

    [Fact]
    public async Task NotStreamed_YieldsTheWholeAnswerWithUsage()
    {
        using var backend = Backend();

        var deltas = await CollectAsync(backend, Request(stream: false));

        var delta = Assert.Single(deltas);
        Assert.Equal("echo: what is 2+2?", delta.Text);
        Assert.Equal("stop", delta.FinishReason);
        Assert.NotNull(delta.Usage);
        Assert.False(_server.Requests.Single().Stream);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Request_CarriesModelMessagesRolesAndKey(bool stream)
    {
        using var backend = Backend();

        await CollectAsync(backend, Request(stream, model: "room-model"));

        var received = _server.Requests.Single();
        Assert.Equal("room-model", received.Model);
        Assert.Equal(stream, received.Stream);
        Assert.Equal("Bearer " + ApiKey, received.Authorization);
        Assert.Equal(
            [
                new FakeChatMessage("system", "You are a test bot.", null),
                new FakeChatMessage("user", "hello", "alice_localhost"),
                new FakeChatMessage("assistant", "hi alice", null),
                new FakeChatMessage("user", "what is 2+2?", "bob_example_org"),
            ],
            received.Messages);
    }

    [Fact]
    public async Task NoKey_SendsThePlaceholderForLocalServers()
    {
        using var backend = Backend(apiKey: null);

        await CollectAsync(backend, Request(stream: false));

        Assert.Equal("Bearer " + OpenAiChatBackend.PlaceholderApiKey, _server.Requests.Single().Authorization);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RateLimited_FailsAsRateLimited_WithRetryAfter(bool stream)
    {
        _server.Mode = FakeOpenAiMode.RateLimited;
        _server.RetryAfterSeconds = 7;
        using var backend = Backend();

        var error = await FailsAsync(backend, Request(stream));

        Assert.Equal(ChatBackendErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ServerError_FailsAsUnavailable_WithoutRetries(bool stream)
    {
        _server.Mode = FakeOpenAiMode.ServerError;
        using var backend = Backend();

        var error = await FailsAsync(backend, Request(stream));

        Assert.Equal(ChatBackendErrorKind.Unavailable, error.Kind);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Failure_ThenRecovery_AnswersAgain()
    {
        _server.EnqueueModes(FakeOpenAiMode.ServerError);
        using var backend = Backend();

        await FailsAsync(backend, Request(stream: true));
        var deltas = await CollectAsync(backend, Request(stream: true));

        Assert.Equal("echo: what is 2+2?", Text(deltas));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Unauthorized_FailsAsRejected_AndNeverQuotesTheKey(bool stream)
    {
        _server.Mode = FakeOpenAiMode.Unauthorized;
        using var backend = Backend();

        var error = await FailsAsync(backend, Request(stream));

        Assert.Equal(ChatBackendErrorKind.Rejected, error.Kind);
        Assert.Contains("Incorrect API key provided", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey[..12], error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Hang_FailsAsTimeout_WithinTheDeadline(bool stream)
    {
        _server.Mode = FakeOpenAiMode.Hang;
        using var backend = Backend(timeout: TimeSpan.FromMilliseconds(500));

        var watch = Stopwatch.StartNew();
        var error = await FailsAsync(backend, Request(stream));

        Assert.Equal(ChatBackendErrorKind.Timeout, error.Kind);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"timed out after {watch.Elapsed}, deadline 0.5 s");
    }

    [Fact]
    public async Task StalledStream_FailsAsTimeout_WithinTheDeadline()
    {
        _server.ChunkDelay = TimeSpan.FromSeconds(30);
        using var backend = Backend(timeout: TimeSpan.FromMilliseconds(700));

        var watch = Stopwatch.StartNew();
        var error = await FailsAsync(backend, Request(stream: true));

        Assert.Equal(ChatBackendErrorKind.Timeout, error.Kind);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"timed out after {watch.Elapsed}, deadline 0.7 s");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MalformedBody_FailsAsMalformed(bool stream)
    {
        _server.Mode = FakeOpenAiMode.MalformedBody;
        using var backend = Backend();

        var error = await FailsAsync(backend, Request(stream));

        Assert.Equal(ChatBackendErrorKind.Malformed, error.Kind);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectionClosedMidAnswer_FailsAsUnavailable(bool stream)
    {
        _server.Mode = FakeOpenAiMode.CloseMidStream;
        _server.Answer = _ => "a rather long answer that is cut off half way through";
        using var backend = Backend();

        var error = await FailsAsync(backend, Request(stream));

        Assert.Equal(ChatBackendErrorKind.Unavailable, error.Kind);
    }

    [Fact]
    public async Task NothingListening_FailsAsUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var backend = new OpenAiChatBackend(
            Bot(BotBackends.OpenAi, $"http://127.0.0.1:{port}/v1", ApiKey), ApiKey, NullLogger<OpenAiChatBackend>.Instance);

        var error = await FailsAsync(backend, Request(stream: true));

        Assert.Equal(ChatBackendErrorKind.Unavailable, error.Kind);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_IsNotABackendError()
    {
        _server.Mode = FakeOpenAiMode.Hang;
        using var backend = Backend();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Record.ExceptionAsync(() => CollectAsync(backend, Request(stream: true), cancel.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }

    [Theory]
    [InlineData("@alice:localhost", "alice_localhost")]
    [InlineData("@Bob-1_x:example.org", "Bob-1_x_example_org")]
    [InlineData(null, null)]
    [InlineData("@", null)]
    public void ParticipantName_FitsOpenAisPattern(string? userId, string? expected)
    {
        Assert.Equal(expected, OpenAiChatBackend.ParticipantName(userId));
    }

    private OpenAiChatBackend Backend(string? apiKey = ApiKey, TimeSpan? timeout = null) =>
        new(Bot(BotBackends.OpenAi, _server.BaseUrl, apiKey, timeout), apiKey, NullLogger<OpenAiChatBackend>.Instance);
}
