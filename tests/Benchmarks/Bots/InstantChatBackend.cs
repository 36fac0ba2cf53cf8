using System.Collections.Concurrent;
using System.Diagnostics;
using ClawChat.Grains.Bots.Backends;

namespace ClawChat.Benchmarks.Bots;

/// <summary>A model that answers at once, in process (no HTTP): the whole answer (<c>a: </c> + the question) as one
/// delta, completed synchronously, so that a benchmark measures the platform around the model and nothing else.
/// Records when each conversation's latest request arrived (<see cref="Stopwatch"/> ticks) for the latency breakdown.</summary>
internal sealed class InstantChatBackend : IChatBackend, IChatBackendProvider
{
    private readonly ConcurrentDictionary<string, long> _requestedAt = new(StringComparer.Ordinal);

    public string Name => "instant";

    public static string AnswerTo(string question) => "a: " + question;

    public IChatBackend Get(string botUserId) => this;

    /// <summary>When the latest request of <paramref name="conversation"/> (the bot conversation grain's key) arrived.</summary>
    public long RequestedAt(string conversation) => _requestedAt.GetValueOrDefault(conversation);

    public IAsyncEnumerable<ChatDelta> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        _requestedAt[request.Conversation] = Stopwatch.GetTimestamp();
        var usage = new ChatUsage(request.Messages.Count, 1);
        return new OneDelta(new ChatDelta(AnswerTo(request.Messages[^1].Content), usage, "stop"));
    }

    /// <summary>An async sequence of one item whose every step completes synchronously.</summary>
    private sealed class OneDelta(ChatDelta delta) : IAsyncEnumerable<ChatDelta>, IAsyncEnumerator<ChatDelta>
    {
        private int _position = -1;

        public ChatDelta Current => delta;

        public IAsyncEnumerator<ChatDelta> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

        public ValueTask<bool> MoveNextAsync() => ValueTask.FromResult(++_position == 0);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
