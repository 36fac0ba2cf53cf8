using ClawChat.Testing.FakeOpenAi;

namespace ClawChat.Testing.FakeAgent;

/// <summary>One <c>chat.complete</c> request <see cref="FakeJsonRpcAgent"/> received, for assertions.</summary>
/// <param name="Authorization">The <c>Authorization</c> header over HTTP; null on the socket.</param>
public sealed record FakeAgentRequest(
    long Id,
    string Conversation,
    string RoomId,
    string Sender,
    string Model,
    bool Stream,
    IReadOnlyList<FakeChatMessage> Messages,
    string? Authorization,
    string RawJson)
{
    public string LastUserContent => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? string.Empty;
}
