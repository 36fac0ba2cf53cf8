namespace ClawChat.Grains.Interfaces.Bots;

/// <summary>A bot conversation's effective settings and activity.</summary>
/// <param name="Model">The model used in this room (room override or the bot's default).</param>
/// <param name="SystemPrompt">The effective system prompt, or null.</param>
/// <param name="SystemPromptOverridden">Whether the room set its own system prompt (<c>!bot system</c>).</param>
/// <param name="ResetPosition">History at or before this stream position is not sent to the model (<c>!bot reset</c>).</param>
/// <param name="Generating">Whether a generation is running.</param>
/// <param name="Queued">Prompts waiting behind it.</param>
/// <param name="Answered">Prompts answered by this activation.</param>
public sealed record BotConversationStatus(
    string Model,
    string? SystemPrompt,
    bool SystemPromptOverridden,
    bool Streaming,
    long ResetPosition,
    bool Generating,
    int Queued,
    long Answered);
