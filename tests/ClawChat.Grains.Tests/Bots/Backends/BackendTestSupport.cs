using System.Text;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Interfaces.Configuration;

namespace ClawChat.Grains.Tests.Bots.Backends;

internal static class BackendTestSupport
{
    /// <summary>Generous bound on any single backend call in these tests; a hang fails instead of stalling the run.</summary>
    public static readonly TimeSpan TestDeadline = TimeSpan.FromSeconds(30);

    public static BotOptions Bot(string backend, string endpoint, string? apiKey = null, TimeSpan? timeout = null) => new()
    {
        UserId = "@bot-" + Guid.NewGuid().ToString("N")[..8] + ":localhost",
        Backend = backend,
        Endpoint = endpoint,
        Model = "test-model",
        ApiKey = apiKey,
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(20),
    };

    public static ChatRequest Request(bool stream, string question = "what is 2+2?", string model = "test-model") => new(
        model,
        [
            new ChatMessage(ChatRole.System, "You are a test bot."),
            new ChatMessage(ChatRole.User, "hello", "@alice:localhost"),
            new ChatMessage(ChatRole.Assistant, "hi alice"),
            new ChatMessage(ChatRole.User, question, "@bob:example.org"),
        ],
        stream,
        Conversation: "@bot:localhost|!room:localhost",
        RoomId: "!room:localhost",
        Sender: "@bob:example.org");

    public static async Task<List<ChatDelta>> CollectAsync(IChatBackend backend, ChatRequest request, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TestDeadline);
        var deltas = new List<ChatDelta>();
        await foreach (var delta in backend.CompleteAsync(request, deadline.Token))
        {
            deltas.Add(delta);
        }

        return deltas;
    }

    public static string Text(IEnumerable<ChatDelta> deltas)
    {
        var builder = new StringBuilder();
        foreach (var delta in deltas)
        {
            builder.Append(delta.Text);
        }

        return builder.ToString();
    }

    public static async Task<ChatBackendException> FailsAsync(IChatBackend backend, ChatRequest request) =>
        await Assert.ThrowsAsync<ChatBackendException>(() => CollectAsync(backend, request));
}
