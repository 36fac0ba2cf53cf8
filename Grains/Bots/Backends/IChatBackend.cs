namespace ClawChat.Grains.Bots.Backends;

/// <summary>
/// A model behind a bot (DESIGN §8): OpenAI-compatible chat completions or an external agent over JSON-RPC. One
/// instance per configured bot, shared by all its conversations (thread-safe). A call streams the answer as it is
/// produced; a backend that cannot stream yields the whole answer as one delta. Failures surface as
/// <see cref="ChatBackendException"/> with a <see cref="ChatBackendErrorKind"/>; cancellation as
/// <see cref="OperationCanceledException"/>.
/// </summary>
public interface IChatBackend
{
    /// <summary>The backend kind for metrics and logs (<c>openai</c>, <c>jsonrpc</c>).</summary>
    string Name { get; }

    IAsyncEnumerable<ChatDelta> CompleteAsync(ChatRequest request, CancellationToken cancellationToken);
}

public enum ChatRole
{
    System,
    User,
    Assistant,
}

/// <summary>One message of the model context. <paramref name="Name"/> is the Matrix user ID of a user message's
/// sender (rooms have several people).</summary>
public sealed record ChatMessage(ChatRole Role, string Content, string? Name = null);

/// <summary>A model call. <paramref name="Conversation"/> identifies the (bot, room) conversation and
/// <paramref name="Sender"/> the user who asked; agents may use them, OpenAI-compatible servers ignore them.</summary>
public sealed record ChatRequest(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    bool Stream,
    string Conversation,
    string RoomId,
    string Sender);

/// <summary>A piece of the answer: <paramref name="Text"/> appended to what came before; the last delta may carry
/// <paramref name="Usage"/> and <paramref name="FinishReason"/>.</summary>
public sealed record ChatDelta(string Text, ChatUsage? Usage = null, string? FinishReason = null);

public sealed record ChatUsage(int PromptTokens, int CompletionTokens);

public enum ChatBackendErrorKind
{
    /// <summary>Connection refused, DNS, socket closed, 5xx.</summary>
    Unavailable,

    /// <summary>No (complete) answer within the deadline.</summary>
    Timeout,

    /// <summary>429 from the backend.</summary>
    RateLimited,

    /// <summary>The backend refused the request (4xx other than 429, a JSON-RPC error object).</summary>
    Rejected,

    /// <summary>An answer the backend could not be understood.</summary>
    Malformed,
}

public sealed class ChatBackendException : Exception
{
    public ChatBackendException(ChatBackendErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public ChatBackendErrorKind Kind { get; }

    /// <summary>How long the backend asked callers to wait (HTTP <c>Retry-After</c>, JSON-RPC
    /// <c>data.retry_after_ms</c>), when it said so; set with <see cref="ChatBackendErrorKind.RateLimited"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
