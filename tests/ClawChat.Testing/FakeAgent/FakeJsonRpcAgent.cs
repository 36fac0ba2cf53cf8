using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ClawChat.Testing.FakeOpenAi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Testing.FakeAgent;

/// <summary>
/// A small agent speaking the bridge protocol of docs/bots-jsonrpc.md, for tests: <c>chat.complete</c> with optional
/// <c>chat.delta</c> streaming and error modes, on a Unix socket (one JSON object per line; several requests per
/// connection are served in turn) or over HTTP on 127.0.0.1 (<c>POST /rpc</c>; deltas only with
/// <see cref="HttpStreaming"/>, as <c>application/x-ndjson</c>). Point a bot at <see cref="Endpoint"/>.
/// </summary>
public sealed class FakeJsonRpcAgent : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private readonly List<FakeAgentRequest> _requests = [];
    private readonly Queue<FakeAgentMode> _nextModes = new();
    private readonly List<Task> _connections = [];
    private Socket? _listener;
    private Task? _acceptLoop;
    private WebApplication? _app;

    private FakeJsonRpcAgent()
    {
    }

    /// <summary><c>unix:/tmp/…sock</c> or <c>http://127.0.0.1:PORT/rpc</c>.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>The socket file, when on a Unix socket.</summary>
    public string? SocketPath { get; private set; }

    /// <summary>The answer text for a request; default <c>agent: </c> followed by the last user message.</summary>
    public Func<FakeAgentRequest, string> Answer { get; set; } = static r => "agent: " + r.LastUserContent;

    public FakeAgentMode Mode { get; set; } = FakeAgentMode.Normal;

    public FakeAgentFinalText FinalText { get; set; } = FakeAgentFinalText.Full;

    /// <summary>Characters per <c>chat.delta</c> (default 4).</summary>
    public int ChunkSize { get; set; } = 4;

    public TimeSpan ChunkDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Over HTTP, answer streamed requests as <c>application/x-ndjson</c> with deltas (default false: one
    /// JSON body).</summary>
    public bool HttpStreaming { get; set; }

    /// <summary>Over HTTP, answer with this status and no JSON-RPC body (e.g. 429, 503); null for 200.</summary>
    public int? HttpStatus { get; set; }

    public int ErrorCode { get; set; } = -32000;

    public string ErrorMessage { get; set; } = "The fake agent refused on purpose.";

    /// <summary><c>error.data.kind</c>, or null for no <c>data</c>.</summary>
    public string? ErrorKind { get; set; }

    public long? ErrorRetryAfterMs { get; set; }

    /// <summary>Length of the line <see cref="FakeAgentMode.OversizeLine"/> sends (default 1 MiB + 1 KiB).</summary>
    public int OversizeLineBytes { get; set; } = (1 << 20) + 1024;

    public IReadOnlyList<FakeAgentRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts on a fresh socket file under the temp directory (short: socket paths are limited to 107 bytes).</summary>
    public static Task<FakeJsonRpcAgent> StartUnixAsync()
    {
        var agent = new FakeJsonRpcAgent();
        var path = Path.Combine(Path.GetTempPath(), "cc-agent-" + Guid.NewGuid().ToString("N")[..12] + ".sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(64);
        agent._listener = listener;
        agent.SocketPath = path;
        agent.Endpoint = "unix:" + path;
        agent._acceptLoop = Task.Run(agent.AcceptLoopAsync);
        return Task.FromResult(agent);
    }

    public static async Task<FakeJsonRpcAgent> StartHttpAsync(CancellationToken cancellationToken = default)
    {
        var agent = new FakeJsonRpcAgent();
        var app = LoopbackHost.CreateBuilder().Build();
        app.MapPost("/rpc", agent.HandleHttpAsync);
        await app.StartAsync(cancellationToken);
        agent._app = app;
        agent.Endpoint = LoopbackHost.BaseAddress(app) + "/rpc";
        return agent;
    }

    public void EnqueueModes(params FakeAgentMode[] modes)
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

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        Task[] connections;
        lock (_gate)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(static _ => { }, TaskScheduler.Default);
        if (_app is not null)
        {
            using var stopDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stopDeadline.Token);
            await _app.DisposeAsync();
        }

        if (SocketPath is not null)
        {
            File.Delete(SocketPath);
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(Task.Run(() => ServeSocketAsync(client)));
            }
        }
    }

    private async Task ServeSocketAsync(Socket client)
    {
        await using var stream = new NetworkStream(client, ownsSocket: true);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var token = _stopping.Token;
        try
        {
            while (await reader.ReadLineAsync(token) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var request = Parse(line, authorization: null);
                var keepOpen = await RespondAsync(
                    request,
                    streamDeltas: true,
                    async bytes =>
                    {
                        await stream.WriteAsync(bytes, token);
                        await stream.FlushAsync(token);
                    },
                    token);
                if (!keepOpen)
                {
                    client.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or JsonException)
        {
        }
    }

    private async Task HandleHttpAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var token = linked.Token;
        using var body = new StreamReader(context.Request.Body, Encoding.UTF8);
        FakeAgentRequest request;
        try
        {
            request = Parse(await body.ReadToEndAsync(token), context.Request.Headers.Authorization.ToString());
        }
        catch (JsonException)
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (HttpStatus is { } status)
        {
            context.Response.StatusCode = status;
            if (status == 429)
            {
                context.Response.Headers.RetryAfter = "2";
            }

            return;
        }

        var streamDeltas = HttpStreaming && request.Stream;
        context.Response.ContentType = streamDeltas ? "application/x-ndjson" : "application/json";
        try
        {
            var keepOpen = await RespondAsync(
                request,
                streamDeltas,
                async bytes =>
                {
                    await context.Response.Body.WriteAsync(bytes, token);
                    await context.Response.Body.FlushAsync(token);
                },
                token);
            if (!keepOpen)
            {
                context.Abort();
            }
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
    }

    /// <summary>Sends the answer as lines; false when the connection must now be closed.</summary>
    private async Task<bool> RespondAsync(FakeAgentRequest request, bool streamDeltas, Func<byte[], Task> send, CancellationToken cancellationToken)
    {
        FakeAgentMode mode;
        lock (_gate)
        {
            _requests.Add(request);
            mode = _nextModes.TryDequeue(out var next) ? next : Mode;
        }

        switch (mode)
        {
            case FakeAgentMode.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return false;

            case FakeAgentMode.MalformedLine:
                // The connection stays open: closing it could reset it before the client has read the bad line.
                await send("this is not json\n"u8.ToArray());
                return true;

            case FakeAgentMode.OversizeLine:
                var line = Line(w => Delta(w, request.Id, new string('x', OversizeLineBytes)));
                await send(line);
                return true;

            case FakeAgentMode.Error:
                await send(Line(w =>
                {
                    w.WriteString("jsonrpc", "2.0");
                    w.WriteNumber("id", request.Id);
                    w.WriteStartObject("error");
                    w.WriteNumber("code", ErrorCode);
                    w.WriteString("message", ErrorMessage);
                    if (ErrorKind is not null || ErrorRetryAfterMs is not null)
                    {
                        w.WriteStartObject("data");
                        if (ErrorKind is not null)
                        {
                            w.WriteString("kind", ErrorKind);
                        }

                        if (ErrorRetryAfterMs is { } ms)
                        {
                            w.WriteNumber("retry_after_ms", ms);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                }));
                return true;
        }

        var answer = Answer(request);
        var streamed = false;
        if (request.Stream && streamDeltas)
        {
            var chunks = FakeWire.Chunk(answer, Math.Max(1, ChunkSize));
            for (var i = 0; i < chunks.Count; i++)
            {
                if (i > 0 && ChunkDelay > TimeSpan.Zero)
                {
                    await Task.Delay(ChunkDelay, cancellationToken);
                }

                var text = chunks[i];
                await send(Line(w => Delta(w, request.Id, text)));
                streamed = true;
                if (mode == FakeAgentMode.CloseMidStream && i >= (chunks.Count - 1) / 2)
                {
                    return false;
                }
            }
        }
        else if (mode == FakeAgentMode.CloseMidStream)
        {
            return false;
        }

        var finalText = !streamed ? answer : FinalText switch
        {
            FakeAgentFinalText.Empty => string.Empty,
            FakeAgentFinalText.Different => "something else entirely",
            _ => answer,
        };
        await send(Line(w =>
        {
            w.WriteString("jsonrpc", "2.0");
            w.WriteNumber("id", mode == FakeAgentMode.WrongId ? request.Id + 1000 : request.Id);
            w.WriteStartObject("result");
            w.WriteString("text", finalText);
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", request.Messages.Count);
            w.WriteNumber("completion_tokens", Math.Max(1, answer.Length / 4));
            w.WriteEndObject();
            w.WriteString("finish_reason", "stop");
            w.WriteEndObject();
        }));
        return true;
    }

    private static void Delta(Utf8JsonWriter writer, long id, string text)
    {
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteString("method", "chat.delta");
        writer.WriteStartObject("params");
        writer.WriteNumber("id", id);
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    private static byte[] Line(Action<Utf8JsonWriter> writeProperties) => FakeWire.Json(writeProperties, newline: true);

    private static FakeAgentRequest Parse(string json, string? authorization)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var parameters = root.GetProperty("params");
        var messages = new List<FakeChatMessage>();
        foreach (var message in parameters.GetProperty("messages").EnumerateArray())
        {
            messages.Add(new FakeChatMessage(
                message.GetProperty("role").GetString() ?? string.Empty,
                message.GetProperty("content").GetString() ?? string.Empty,
                message.TryGetProperty("name", out var name) ? name.GetString() : null));
        }

        return new FakeAgentRequest(
            root.GetProperty("id").GetInt64(),
            parameters.GetProperty("conversation").GetString() ?? string.Empty,
            parameters.GetProperty("room_id").GetString() ?? string.Empty,
            parameters.GetProperty("sender").GetString() ?? string.Empty,
            parameters.GetProperty("model").GetString() ?? string.Empty,
            parameters.GetProperty("stream").GetBoolean(),
            messages,
            string.IsNullOrEmpty(authorization) ? null : authorization,
            json.ToString(CultureInfo.InvariantCulture));
    }
}
