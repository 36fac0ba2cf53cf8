namespace ClawChat.Testing.FakeOpenAi;

/// <summary>One request <see cref="FakeOpenAiServer"/> received, for assertions.</summary>
/// <param name="Authorization">The raw <c>Authorization</c> header (<c>Bearer …</c>), or null.</param>
/// <param name="IncludeUsage">Whether the request asked for <c>stream_options.include_usage</c>.</param>
public sealed record FakeChatRequest(
    string Model,
    IReadOnlyList<FakeChatMessage> Messages,
    bool Stream,
    bool IncludeUsage,
    string? Authorization,
    string RawBody)
{
    /// <summary>The content of the last <c>user</c> message, or an empty string.</summary>
    public string LastUserContent => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? string.Empty;
}

/// <summary>A message of a received request (<paramref name="Name"/> is OpenAI's optional participant name).</summary>
public sealed record FakeChatMessage(string Role, string Content, string? Name);
