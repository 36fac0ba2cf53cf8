using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Bots.Backends.JsonRpc;

/// <summary>
/// An external agent over JSON-RPC 2.0 (the "local bridge" of DESIGN §8; protocol in docs/bots-jsonrpc.md): a Unix
/// socket (<c>unix:/run/agent.sock</c>, one JSON object per line) or HTTP (<c>http://…</c>, one POST per call).
/// <para>
/// One connection per call: the agent is local, connecting costs microseconds, and closing the connection is the
/// cancellation signal (no request multiplexing, no half-read stream shared between calls). Calls in flight are
/// bounded by <see cref="MaxConcurrentCalls"/>; a message (a line, or a plain HTTP body) by
/// <see cref="MaxMessageBytes"/>; the streamed answer by <see cref="MaxAnswerChars"/>; and every connect, write and
/// read by the bot's <see cref="BotOptions.RequestTimeout"/>, measured from the call's start.
/// </para>
/// </summary>
public sealed partial class JsonRpcChatBackend : IChatBackend, IDisposable
{
    public const int MaxMessageBytes = 1 << 20;
    public const int MaxConcurrentCalls = 64;
    public const int MaxAnswerChars = 1 << 20;

    private readonly string? _socketPath;
    private readonly Uri? _httpUri;
    private readonly HttpClient? _http;
    private readonly string? _apiKey;
    private readonly TimeSpan _timeout;
    private readonly string _botUserId;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _calls = new(MaxConcurrentCalls, MaxConcurrentCalls);
    private long _nextId;

    /// <param name="apiKey">Sent as <c>Authorization: Bearer</c> over HTTP; unused on a Unix socket, whose file
    /// permissions are the access control.</param>
    public JsonRpcChatBackend(BotOptions bot, string? apiKey, ILogger<JsonRpcChatBackend> logger)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(logger);
        _botUserId = bot.UserId;
        _timeout = bot.RequestTimeout;
        _apiKey = apiKey;
        _logger = logger;
        if (TryParseUnixPath(bot.Endpoint, out var path))
        {
            _socketPath = path;
        }
        else if (TryParseHttp(bot.Endpoint, out var uri))
        {
            _httpUri = uri;
            _http = new HttpClient(new SocketsHttpHandler
            {
                ConnectTimeout = _timeout < TimeSpan.FromSeconds(10) ? _timeout : TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = MaxConcurrentCalls,
            })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
        }
        else
        {
            throw new ArgumentException(
                $"The JSON-RPC endpoint of bot {bot.UserId} must be unix:/path/to/agent.sock or an http(s) URL.", nameof(bot));
        }
    }

    public string Name => BotBackends.JsonRpc;

    /// <summary><c>unix:/run/agent.sock</c> (also <c>unix:///run/agent.sock</c>) → <c>/run/agent.sock</c>.</summary>
    public static bool TryParseUnixPath(string? endpoint, out string path)
    {
        path = string.Empty;
        if (endpoint is null || !endpoint.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = endpoint["unix:".Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            rest = rest[2..];
        }

        path = rest;
        return rest.Length > 0;
    }

    public static bool TryParseHttp(string? endpoint, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        uri = parsed;
        return true;
    }

    public async IAsyncEnumerable<ChatDelta> CompleteAsync(
        ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var id = Interlocked.Increment(ref _nextId);
        var payload = JsonRpcProtocol.WriteRequest(id, request);

        await EnterAsync(deadline.Token, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var exchange = await StartAsync(payload, deadline.Token, cancellationToken).ConfigureAwait(false);
            var streamed = new StringBuilder();
            while (true)
            {
                var message = await ReadAsync(exchange.Reader, id, deadline.Token, cancellationToken).ConfigureAwait(false);
                switch (message.Kind)
                {
                    case JsonRpcIncomingKind.Delta when message.Text.Length > 0:
                        if (streamed.Length + message.Text.Length > MaxAnswerChars)
                        {
                            throw Fail(ChatBackendErrorKind.Malformed, $"The agent's answer is longer than {MaxAnswerChars} characters.");
                        }

                        streamed.Append(message.Text);
                        yield return new ChatDelta(message.Text);
                        break;

                    case JsonRpcIncomingKind.Error:
                        throw FromError(message);

                    case JsonRpcIncomingKind.Result:
                        if (Final(message, streamed) is { } last)
                        {
                            yield return last;
                        }

                        yield break;
                }
            }
        }
        finally
        {
            _calls.Release();
        }
    }

    public void Dispose()
    {
        _http?.Dispose();
        _calls.Dispose();
    }

    /// <summary>
    /// The last delta, from the response's <c>result</c>. Without streamed deltas, <c>result.text</c> is the whole
    /// answer. After deltas it is either empty (the deltas were the answer) or the full text, which must begin with
    /// the streamed text; any remainder after it arrives as the last delta. Null when there is nothing left to say.
    /// </summary>
    private ChatDelta? Final(JsonRpcIncoming result, StringBuilder streamed)
    {
        if (streamed.Length == 0)
        {
            return new ChatDelta(result.Text, result.Usage, result.FinishReason);
        }

        var rest = string.Empty;
        if (result.Text.Length > 0)
        {
            var prefix = streamed.ToString();
            if (!result.Text.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw Fail(ChatBackendErrorKind.Malformed, "The agent's final text does not continue the text it streamed.");
            }

            rest = result.Text[prefix.Length..];
        }

        return rest.Length > 0 || result.Usage is not null || result.FinishReason is not null
            ? new ChatDelta(rest, result.Usage, result.FinishReason)
            : null;
    }

    private ChatBackendException FromError(JsonRpcIncoming error)
    {
        var kind = JsonRpcProtocol.KindOf(error.Error!);
        var detail = BackendText.Detail(error.Text, _apiKey);
        var exception = Fail(kind, $"The agent answered error {error.Error!.Code}{(detail.Length == 0 ? "." : ": " + detail)}");
        return error.Error.RetryAfterMs is { } ms
            ? new ChatBackendException(exception.Kind, exception.Message) { RetryAfter = TimeSpan.FromMilliseconds(ms) }
            : exception;
    }

    private async Task EnterAsync(CancellationToken deadline, CancellationToken cancellationToken)
    {
        try
        {
            await _calls.WaitAsync(deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(ChatBackendErrorKind.Timeout, $"All {MaxConcurrentCalls} connections to the agent stayed busy for {Seconds} s.");
        }
    }

    private Task<Exchange> StartAsync(byte[] payload, CancellationToken deadline, CancellationToken cancellationToken) =>
        _socketPath is not null
            ? StartSocketAsync(_socketPath, payload, deadline, cancellationToken)
            : StartHttpAsync(payload, deadline, cancellationToken);

    private async Task<Exchange> StartSocketAsync(string path, byte[] payload, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline).ConfigureAwait(false);
            var stream = new NetworkStream(socket, ownsSocket: true);
            try
            {
                await stream.WriteAsync(payload, deadline).ConfigureAwait(false);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return new Exchange(stream, new JsonRpcMessageReader(stream, lineFramed: true, MaxMessageBytes), null);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw Fail(ChatBackendErrorKind.Unavailable, $"The agent socket {path} cannot be reached ({ex.SocketErrorCode}).", ex);
        }
        catch (IOException ex)
        {
            socket.Dispose();
            throw Fail(ChatBackendErrorKind.Unavailable, $"The agent socket {path} closed while the request was sent.", ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw Fail(ChatBackendErrorKind.Timeout, $"The agent socket {path} did not accept the request within {Seconds} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<Exchange> StartHttpAsync(byte[] payload, CancellationToken deadline, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _httpUri) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw Fail(ChatBackendErrorKind.Unavailable, $"The agent at {_httpUri!.Authority} cannot be reached ({ex.HttpRequestError}).", ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(ChatBackendErrorKind.Timeout, $"The agent at {_httpUri!.Authority} sent no response within {Seconds} s.");
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var status = (int)response.StatusCode;
                var kind = response.StatusCode switch
                {
                    HttpStatusCode.TooManyRequests => ChatBackendErrorKind.RateLimited,
                    HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => ChatBackendErrorKind.Timeout,
                    _ when status >= 500 => ChatBackendErrorKind.Unavailable,
                    _ => ChatBackendErrorKind.Rejected,
                };
                var error = Fail(kind, $"The agent answered HTTP {status}.");
                if (kind == ChatBackendErrorKind.RateLimited && response.Headers.RetryAfter?.Delta is { } delta)
                {
                    throw new ChatBackendException(kind, error.Message) { RetryAfter = delta };
                }

                throw error;
            }
        }

        try
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var lineFramed = mediaType is "application/x-ndjson" or "application/jsonl";
            var stream = await response.Content.ReadAsStreamAsync(deadline).ConfigureAwait(false);
            return new Exchange(stream, new JsonRpcMessageReader(stream, lineFramed, MaxMessageBytes), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<JsonRpcIncoming> ReadAsync(
        JsonRpcMessageReader reader, long id, CancellationToken deadline, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await reader.ReadAsync(deadline).ConfigureAwait(false)
                ?? throw Fail(ChatBackendErrorKind.Unavailable, "The agent closed the connection before answering.");
            return JsonRpcProtocol.Read(document, id);
        }
        catch (JsonRpcFramingException ex)
        {
            throw Fail(ChatBackendErrorKind.Malformed, $"The agent broke the protocol: {ex.Message}.");
        }
        catch (Exception ex) when (ex is IOException or SocketException or HttpRequestException)
        {
            throw Fail(ChatBackendErrorKind.Unavailable, "The connection to the agent broke before the answer was complete.", ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(ChatBackendErrorKind.Timeout, $"No complete answer from the agent within {Seconds} s.");
        }
    }

    private string Seconds => _timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private ChatBackendException Fail(ChatBackendErrorKind kind, string message, Exception? inner = null)
    {
        Log.CallFailed(_logger, _botUserId, kind, message);
        return new ChatBackendException(kind, message, inner);
    }

    private sealed class Exchange(Stream stream, JsonRpcMessageReader reader, HttpResponseMessage? response) : IAsyncDisposable
    {
        public JsonRpcMessageReader Reader { get; } = reader;

        public async ValueTask DisposeAsync()
        {
            await Reader.DisposeAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            response?.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(8540, LogLevel.Debug, "Bot {BotUserId}: JSON-RPC call failed as {Kind}: {Reason}")]
        public static partial void CallFailed(ILogger logger, string botUserId, ChatBackendErrorKind kind, string reason);
    }
}
