using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ClawChat.Grains.Bots.Backends;

namespace ClawChat.Grains.Tests.Bots;

/// <summary>An in-test model: answers <c>echo: </c> + the last user message in small pieces, records every request,
/// and can be scripted per call (<see cref="Next"/>) — fail, hang until cancelled, or stream under the test's control.</summary>
internal sealed class ScriptedChatBackend : IChatBackend, IChatBackendProvider
{
    private readonly Lock _gate = new();
    private readonly List<ChatRequest> _requests = [];
    private readonly Queue<Func<ChatRequest, CancellationToken, IAsyncEnumerable<ChatDelta>>> _next = new();

    public string Name => "scripted";

    public int ChunkSize { get; set; } = 3;

    public IReadOnlyList<ChatRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IChatBackend Get(string botUserId) => this;

    /// <summary>Scripts the next call.</summary>
    public void Next(Func<ChatRequest, CancellationToken, IAsyncEnumerable<ChatDelta>> answer)
    {
        lock (_gate)
        {
            _next.Enqueue(answer);
        }
    }

    /// <summary>The next call fails with <paramref name="kind"/>.</summary>
    public void NextFails(ChatBackendErrorKind kind) => Next((_, _) => Fail(kind));

    /// <summary>The next call streams what the returned channel receives, until the test completes it.</summary>
    public Channel<string> NextControlled()
    {
        var channel = Channel.CreateBounded<string>(64);
        Next((_, ct) => FromChannel(channel, ct));
        return channel;
    }

    public static string Echo(ChatRequest request) => "echo: " + request.Messages[^1].Content;

    public IAsyncEnumerable<ChatDelta> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        Func<ChatRequest, CancellationToken, IAsyncEnumerable<ChatDelta>>? script;
        lock (_gate)
        {
            _requests.Add(request);
            _next.TryDequeue(out script);
        }

        return script is null ? Chunks(Echo(request), cancellationToken) : script(request, cancellationToken);
    }

    private async IAsyncEnumerable<ChatDelta> Chunks(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < text.Length; i += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatDelta(text.Substring(i, Math.Min(ChunkSize, text.Length - i)));
        }

        yield return new ChatDelta(string.Empty, new ChatUsage(10, 5), "stop");
    }

    private static async IAsyncEnumerable<ChatDelta> Fail(ChatBackendErrorKind kind)
    {
        await Task.Yield();
        throw new ChatBackendException(kind, "scripted failure with secret sk-should-not-appear");
#pragma warning disable CS0162 // an iterator needs a yield
        yield break;
#pragma warning restore CS0162
    }

    private static async IAsyncEnumerable<ChatDelta> FromChannel(Channel<string> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var text in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return new ChatDelta(text);
        }
    }
}
