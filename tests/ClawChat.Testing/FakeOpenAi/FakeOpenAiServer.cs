using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Testing.FakeOpenAi;

/// <summary>
/// A small OpenAI-compatible chat completions server on 127.0.0.1 (a random port) for tests: <c>POST
/// /v1/chat/completions</c>, whole or streamed as server-sent events (<c>data: {chunk}</c> … <c>data: [DONE]</c>), with
/// a scripted answer per request, configurable chunking and pacing, error modes, and a record of every request.
/// Point a bot at <see cref="BaseUrl"/> (<c>ClawChat__Bots__0__Endpoint</c>). All settings may be changed while it runs.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    /// <summary>Bound on a request body the fake reads.</summary>
    public const int MaxRequestBytes = 4 * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private readonly List<FakeChatRequest> _requests = [];
    private readonly Queue<FakeOpenAiMode> _nextModes = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _completionIds;

    private FakeOpenAiServer(WebApplication app)
    {
        _app = app;
        BaseUrl = LoopbackHost.BaseAddress(app) + "/v1";
    }

    /// <summary>The base URL to configure as the endpoint, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The answer text for a request; default <see cref="EchoAnswer"/>.</summary>
    public Func<FakeChatRequest, string> Answer { get; set; } = EchoAnswer;

    /// <summary>How every request is answered unless <see cref="EnqueueModes"/> scheduled another mode first.</summary>
    public FakeOpenAiMode Mode { get; set; } = FakeOpenAiMode.Normal;

    /// <summary>Characters of the answer per streamed chunk (default 4).</summary>
    public int ChunkSize { get; set; } = 4;

    /// <summary>Pause between streamed chunks (default none).</summary>
    public TimeSpan ChunkDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Pause before any answer (whole or the first chunk), to model a slow model (default none).</summary>
    public TimeSpan FirstTokenDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The <c>Retry-After</c> seconds of <see cref="FakeOpenAiMode.RateLimited"/> (default 1).</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<FakeChatRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The default answer: <c>echo: </c> followed by the last user message.</summary>
    public static string EchoAnswer(FakeChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return "echo: " + request.LastUserContent;
    }

    public static async Task<FakeOpenAiServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var app = LoopbackHost.CreateBuilder(options => options.Limits.MaxRequestBodySize = MaxRequestBytes).Build();
        FakeOpenAiServer? server = null;
        app.MapPost("/v1/chat/completions", (HttpContext context) => server!.HandleAsync(context));
        await app.StartAsync(cancellationToken);
        server = new FakeOpenAiServer(app);
        return server;
    }

    /// <summary>Answers the next requests with <paramref name="modes"/>, one each, before falling back to
    /// <see cref="Mode"/> (e.g. one failure, then recovery).</summary>
    public void EnqueueModes(params FakeOpenAiMode[] modes)
    {
        ArgumentNullException.ThrowIfNull(modes);
        lock (_gate)
        {
            foreach (var mode in modes)
            {
                _nextModes.Enqueue(mode);
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived; fails with a message saying so
    /// after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<FakeChatRequest>> WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_requests.Count >= count)
                {
                    return [.. _requests];
                }

                changed = _changed.Task;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The fake OpenAI server received {Requests.Count} requests, not {count}, within {timeout}.");
            }

            await changed.WaitAsync(remaining).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var stopDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopDeadline.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var cancellationToken = aborted.Token;
        string body;
        FakeChatRequest request;
        try
        {
            body = await ReadBodyAsync(context.Request, cancellationToken);
            request = Parse(body, context.Request.Headers.Authorization.ToString());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "The fake server could not read the request: " + ex.GetType().Name, cancellationToken);
            return;
        }

        FakeOpenAiMode mode;
        lock (_gate)
        {
            _requests.Add(request);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            mode = _nextModes.TryDequeue(out var next) ? next : Mode;
        }

        try
        {
            await AnswerAsync(context, request, mode, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Abort();
        }
    }

    private async Task AnswerAsync(HttpContext context, FakeChatRequest request, FakeOpenAiMode mode, CancellationToken cancellationToken)
    {
        switch (mode)
        {
            case FakeOpenAiMode.ServerError:
                await WriteErrorAsync(context, 500, "server_error", "The fake server failed on purpose.", cancellationToken);
                return;

            case FakeOpenAiMode.RateLimited:
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteErrorAsync(context, 429, "rate_limit_exceeded", "Rate limit reached; try again later.", cancellationToken);
                return;

            case FakeOpenAiMode.Unauthorized:
                var key = request.Authorization ?? string.Empty;
                key = key.StartsWith("Bearer ", StringComparison.Ordinal) ? key[7..] : key;
                await WriteErrorAsync(context, 401, "invalid_api_key", $"Incorrect API key provided: {key}.", cancellationToken);
                return;

            case FakeOpenAiMode.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return;
        }

        if (FirstTokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(FirstTokenDelay, cancellationToken);
        }

        var answer = Answer(request);
        var id = "chatcmpl-fake" + Interlocked.Increment(ref _completionIds).ToString(CultureInfo.InvariantCulture);
        if (request.Stream)
        {
            await StreamAsync(context, request, id, answer, mode, cancellationToken);
        }
        else
        {
            await WholeAsync(context, request, id, answer, mode, cancellationToken);
        }
    }

    private static async Task WholeAsync(
        HttpContext context, FakeChatRequest request, string id, string answer, FakeOpenAiMode mode, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "application/json";
        if (mode == FakeOpenAiMode.MalformedBody)
        {
            await context.Response.WriteAsync("{\"id\": \"chatcmpl-broken\", \"choices\": [", cancellationToken);
            return;
        }

        var json = FakeWire.Json(writer =>
        {
            WriteHeader(writer, id, "chat.completion", request.Model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", answer);
            writer.WriteEndObject();
            writer.WriteString("finish_reason", "stop");
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, request, answer);
        });

        if (mode == FakeOpenAiMode.CloseMidStream)
        {
            context.Response.ContentLength = json.Length;
            await context.Response.Body.WriteAsync(json.AsMemory(0, json.Length / 2), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
            context.Abort();
            return;
        }

        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, cancellationToken);
    }

    private async Task StreamAsync(
        HttpContext context, FakeChatRequest request, string id, string answer, FakeOpenAiMode mode, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken);
        if (mode == FakeOpenAiMode.MalformedBody)
        {
            await SendEventAsync(context, "{\"id\": \"chatcmpl-broken\", \"choices\": [{\"delta\""u8.ToArray(), cancellationToken);
            await SendEventAsync(context, "[DONE]"u8.ToArray(), cancellationToken);
            return;
        }

        var chunks = FakeWire.Chunk(answer, Math.Max(1, ChunkSize));
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i > 0 && ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(ChunkDelay, cancellationToken);
            }

            var first = i == 0;
            var text = chunks[i];
            await SendEventAsync(context, FakeWire.Json(writer => WriteChunk(writer, id, request.Model, text, first, finishReason: null)), cancellationToken);
            if (mode == FakeOpenAiMode.CloseMidStream && i >= (chunks.Count - 1) / 2)
            {
                context.Abort();
                return;
            }
        }

        await SendEventAsync(context, FakeWire.Json(writer => WriteChunk(writer, id, request.Model, null, chunks.Count == 0, "stop")), cancellationToken);
        if (request.IncludeUsage)
        {
            await SendEventAsync(context, FakeWire.Json(writer =>
            {
                WriteHeader(writer, id, "chat.completion.chunk", request.Model);
                writer.WriteStartArray("choices");
                writer.WriteEndArray();
                WriteUsage(writer, request, answer);
            }), cancellationToken);
        }

        await SendEventAsync(context, "[DONE]"u8.ToArray(), cancellationToken);
    }

    private static void WriteChunk(Utf8JsonWriter writer, string id, string model, string? text, bool first, string? finishReason)
    {
        WriteHeader(writer, id, "chat.completion.chunk", model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        if (first)
        {
            writer.WriteString("role", "assistant");
        }

        if (text is not null)
        {
            writer.WriteString("content", text);
        }

        writer.WriteEndObject();
        if (finishReason is null)
        {
            writer.WriteNull("finish_reason");
        }
        else
        {
            writer.WriteString("finish_reason", finishReason);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteHeader(Utf8JsonWriter writer, string id, string kind, string model)
    {
        writer.WriteString("id", id);
        writer.WriteString("object", kind);
        writer.WriteNumber("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        writer.WriteString("model", model);
    }

    /// <summary>Whitespace-separated words as "tokens": good enough for tests that check usage flows through.</summary>
    private static void WriteUsage(Utf8JsonWriter writer, FakeChatRequest request, string answer)
    {
        var prompt = request.Messages.Sum(m => Words(m.Content));
        var completion = Words(answer);
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", prompt);
        writer.WriteNumber("completion_tokens", completion);
        writer.WriteNumber("total_tokens", prompt + completion);
        writer.WriteEndObject();
    }

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static async Task SendEventAsync(HttpContext context, byte[] data, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync("data: "u8.ToArray(), cancellationToken);
        await context.Response.Body.WriteAsync(data, cancellationToken);
        await context.Response.Body.WriteAsync("\n\n"u8.ToArray(), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string type, string message, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var json = FakeWire.Json(writer =>
        {
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            writer.WriteNull("param");
            writer.WriteString("code", type);
            writer.WriteEndObject();
        });
        await context.Response.Body.WriteAsync(json, cancellationToken);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        return body.Length <= MaxRequestBytes ? body : throw new InvalidOperationException("request body too large");
    }

    private static FakeChatRequest Parse(string body, string authorization)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var messages = new List<FakeChatMessage>();
        foreach (var message in root.GetProperty("messages").EnumerateArray())
        {
            var role = message.GetProperty("role").GetString() ?? string.Empty;
            var name = message.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            messages.Add(new FakeChatMessage(role, ContentOf(message), name));
        }

        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True;
        return new FakeChatRequest(
            root.GetProperty("model").GetString() ?? string.Empty,
            messages,
            stream,
            includeUsage,
            authorization.Length == 0 ? null : authorization,
            body);
    }

    /// <summary><c>content</c> as a string, or the concatenated text parts of a content array.</summary>
    private static string ContentOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                builder.Append(text.GetString());
            }
        }

        return builder.ToString();
    }
}
