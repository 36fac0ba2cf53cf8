using System.ClientModel;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Bots.Backends.OpenAi;

/// <summary>The one place where SDK and transport failures become <see cref="ChatBackendException"/>. Messages are
/// ours: never <see cref="ClientResultException"/>'s own message (it quotes the response body) and never the key;
/// a remote error text is included only through <see cref="BackendText.Detail"/>.</summary>
public sealed partial class OpenAiChatBackend
{
    private ChatBackendException Translate(Exception ex, string model)
    {
        var error = ex switch
        {
            ClientResultException { Status: 0 } transport => new ChatBackendException(
                ChatBackendErrorKind.Unavailable,
                $"The chat completions server cannot be reached ({TransportReason(transport.InnerException)}).",
                transport.InnerException as HttpRequestException),
            ClientResultException http => FromStatus(http, model),
            OperationCanceledException or TimeoutException => new ChatBackendException(
                ChatBackendErrorKind.Timeout, $"No complete answer within {_timeout.TotalSeconds:0.###} s."),
            HttpRequestException or IOException or SocketException => new ChatBackendException(
                ChatBackendErrorKind.Unavailable,
                $"The connection to the chat completions server failed ({TransportReason(ex)})."),
            JsonException or FormatException or KeyNotFoundException or InvalidOperationException or ArgumentException =>
                new ChatBackendException(
                    ChatBackendErrorKind.Malformed,
                    $"The chat completions server sent an answer that is not a chat completion ({ex.GetType().Name})."),
            _ => new ChatBackendException(
                ChatBackendErrorKind.Unavailable, $"The chat completion failed ({ex.GetType().Name})."),
        };
        Log.CallFailed(_logger, _botUserId, model, error.Kind, ex.GetType().Name);
        return error;
    }

    private ChatBackendException FromStatus(ClientResultException ex, string model)
    {
        var status = ex.Status;
        var response = ex.GetRawResponse();
        var detail = BackendText.Detail(ErrorMessageOf(response?.Content), _apiKey);
        var suffix = detail.Length == 0 ? "." : $": {detail}";
        return status switch
        {
            429 => new ChatBackendException(ChatBackendErrorKind.RateLimited, $"The model is rate limited (429){suffix}")
            {
                RetryAfter = RetryAfterOf(response),
            },
            408 or 504 => new ChatBackendException(ChatBackendErrorKind.Timeout, $"The chat completions server timed out ({status}){suffix}"),
            >= 500 => new ChatBackendException(ChatBackendErrorKind.Unavailable, $"The chat completions server failed ({status}){suffix}"),
            404 => new ChatBackendException(ChatBackendErrorKind.Rejected, $"Model '{model}' or the endpoint was not found (404){suffix}"),
            _ => new ChatBackendException(ChatBackendErrorKind.Rejected, $"The chat completions server refused the request ({status}){suffix}"),
        };
    }

    /// <summary><c>error.message</c> of an OpenAI-style error body, or null.</summary>
    private static string? ErrorMessageOf(BinaryData? body)
    {
        if (body is null || body.ToMemory().Length is 0 or > 64 * 1024)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToMemory());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                    ? message.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // Content of a streamed response that was never buffered.
            return null;
        }
    }

    /// <summary><c>retry-after-ms</c> (OpenAI, Azure) or <c>Retry-After</c> in seconds; HTTP dates are ignored.</summary>
    private static TimeSpan? RetryAfterOf(System.ClientModel.Primitives.PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    private static string TransportReason(Exception? ex) => ex switch
    {
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http => http.HttpRequestError.ToString(),
        _ when FindSocketError(ex) is { } socketError => socketError.ToString(),
        null => "transport error",
        _ => ex.GetType().Name,
    };

    private static SocketError? FindSocketError(Exception? ex)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(8520, LogLevel.Debug, "Bot {BotUserId}: chat completion with model {Model} failed as {Kind} ({ExceptionType})")]
        public static partial void CallFailed(ILogger logger, string botUserId, string model, ChatBackendErrorKind kind, string exceptionType);
    }
}
