using System.Buffers;
using System.Text.Json;

namespace ClawChat.Grains.Bots.Backends.JsonRpc;

/// <summary>
/// The bridge protocol's messages (docs/bots-jsonrpc.md): the <c>chat.complete</c> request we write and the
/// <c>chat.delta</c> notifications and response we read. Requests are written with <see cref="Utf8JsonWriter"/>
/// (compact, so the framing newline is the only one); incoming messages are checked field by field and anything
/// off-shape is a <see cref="JsonRpcFramingException"/>.
/// </summary>
internal static class JsonRpcProtocol
{
    public const string CompleteMethod = "chat.complete";
    public const string DeltaMethod = "chat.delta";

    /// <summary>Error code for "rate limited, try later" (in the JSON-RPC server-error range).</summary>
    public const int RateLimitedCode = -32029;

    /// <summary>Error code for "the model behind the agent is unavailable".</summary>
    public const int UnavailableCode = -32030;

    /// <summary>The request as one UTF-8 line ending in <c>\n</c>.</summary>
    public static byte[] WriteRequest(long id, ChatRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + EstimateSize(request));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WriteNumber("id"u8, id);
            writer.WriteString("method"u8, CompleteMethod);
            writer.WriteStartObject("params"u8);
            writer.WriteString("conversation"u8, request.Conversation);
            writer.WriteString("room_id"u8, request.RoomId);
            writer.WriteString("sender"u8, request.Sender);
            writer.WriteString("model"u8, request.Model);
            writer.WriteBoolean("stream"u8, request.Stream);
            writer.WriteStartArray("messages"u8);
            foreach (var message in request.Messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role"u8, RoleName(message.Role));
                writer.WriteString("content"u8, message.Content);
                if (message.Name is { Length: > 0 } name)
                {
                    writer.WriteString("name"u8, name);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    public static string RoleName(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.Assistant => "assistant",
        _ => "user",
    };

    /// <summary>Classifies one incoming message of call <paramref name="id"/>.</summary>
    public static JsonRpcIncoming Read(JsonDocument document, long id)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("jsonrpc"u8, out var version)
            || !version.ValueEquals("2.0"u8))
        {
            throw new JsonRpcFramingException("the agent sent a message that is not a JSON-RPC 2.0 object");
        }

        var hasId = root.TryGetProperty("id"u8, out var idElement) && idElement.ValueKind != JsonValueKind.Null;
        if (root.TryGetProperty("method"u8, out var method))
        {
            if (hasId)
            {
                throw new JsonRpcFramingException("the agent sent a request; only notifications are allowed");
            }

            return method.ValueEquals(DeltaMethod) ? ReadDelta(root, id) : JsonRpcIncoming.Ignored;
        }

        if (!hasId || !IdEquals(idElement, id))
        {
            throw new JsonRpcFramingException("the agent answered with an unknown request id");
        }

        if (root.TryGetProperty("error"u8, out var error) && error.ValueKind == JsonValueKind.Object)
        {
            return ReadError(error);
        }

        if (!root.TryGetProperty("result"u8, out var result) || result.ValueKind != JsonValueKind.Object)
        {
            throw new JsonRpcFramingException("the agent's response has neither a result object nor an error object");
        }

        var text = OptionalString(result, "text"u8) ?? string.Empty;
        ChatUsage? usage = null;
        if (result.TryGetProperty("usage"u8, out var usageElement) && usageElement.ValueKind == JsonValueKind.Object)
        {
            usage = new ChatUsage(OptionalInt(usageElement, "prompt_tokens"u8), OptionalInt(usageElement, "completion_tokens"u8));
        }

        return new JsonRpcIncoming(JsonRpcIncomingKind.Result, text, usage, OptionalString(result, "finish_reason"u8), null);
    }

    private static JsonRpcIncoming ReadDelta(JsonElement root, long id)
    {
        if (!root.TryGetProperty("params"u8, out var parameters) || parameters.ValueKind != JsonValueKind.Object
            || !parameters.TryGetProperty("id"u8, out var deltaId) || !IdEquals(deltaId, id))
        {
            throw new JsonRpcFramingException("the agent sent a chat.delta without the request's id");
        }

        var text = OptionalString(parameters, "text"u8)
            ?? throw new JsonRpcFramingException("the agent sent a chat.delta without text");
        return new JsonRpcIncoming(JsonRpcIncomingKind.Delta, text, null, null, null);
    }

    private static JsonRpcIncoming ReadError(JsonElement error)
    {
        var code = error.TryGetProperty("code"u8, out var codeElement) && codeElement.TryGetInt32(out var c) ? c : 0;
        var message = OptionalString(error, "message"u8) ?? string.Empty;
        string? kind = null;
        long? retryAfterMs = null;
        if (error.TryGetProperty("data"u8, out var data) && data.ValueKind == JsonValueKind.Object)
        {
            kind = OptionalString(data, "kind"u8);
            if (data.TryGetProperty("retry_after_ms"u8, out var retry) && retry.TryGetInt64(out var ms) && ms >= 0)
            {
                retryAfterMs = ms;
            }
        }

        return new JsonRpcIncoming(JsonRpcIncomingKind.Error, message, null, null, new JsonRpcError(code, kind, retryAfterMs));
    }

    /// <summary>The error kind of a JSON-RPC error object: <c>data.kind</c> first, then the code.</summary>
    public static ChatBackendErrorKind KindOf(JsonRpcError error) => error.Kind switch
    {
        "rate_limited" => ChatBackendErrorKind.RateLimited,
        "unavailable" => ChatBackendErrorKind.Unavailable,
        "timeout" => ChatBackendErrorKind.Timeout,
        "rejected" => ChatBackendErrorKind.Rejected,
        _ => error.Code switch
        {
            RateLimitedCode => ChatBackendErrorKind.RateLimited,
            UnavailableCode => ChatBackendErrorKind.Unavailable,
            _ => ChatBackendErrorKind.Rejected,
        },
    };

    private static bool IdEquals(JsonElement element, long id) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) && value == id;

    private static string? OptionalString(JsonElement element, ReadOnlySpan<byte> name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new JsonRpcFramingException($"the agent sent a non-string {System.Text.Encoding.UTF8.GetString(name)}");
    }

    private static int OptionalInt(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) && number >= 0 ? number : 0;

    private static int EstimateSize(ChatRequest request)
    {
        long size = 0;
        foreach (var message in request.Messages)
        {
            size += message.Content.Length + 32;
        }

        return (int)Math.Min(size, 1 << 20);
    }
}

internal enum JsonRpcIncomingKind
{
    Ignored,
    Delta,
    Result,
    Error,
}

internal sealed record JsonRpcError(int Code, string? Kind, long? RetryAfterMs);

/// <summary>One classified message: a delta's text, a result's text/usage/finish reason, or an error (its message in
/// <see cref="Text"/>).</summary>
internal readonly record struct JsonRpcIncoming(
    JsonRpcIncomingKind Kind, string Text, ChatUsage? Usage, string? FinishReason, JsonRpcError? Error)
{
    public static JsonRpcIncoming Ignored => new(JsonRpcIncomingKind.Ignored, string.Empty, null, null, null);
}
