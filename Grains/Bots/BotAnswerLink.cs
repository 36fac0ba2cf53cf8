namespace ClawChat.Grains.Bots;

/// <summary>A prompt and the bot's answer to it.</summary>
public sealed class BotAnswerLink
{
    public string PromptEventId { get; set; } = string.Empty;

    public string PromptSender { get; set; } = string.Empty;

    public long PromptPosition { get; set; }

    public string? ThreadRoot { get; set; }

    public string AnswerEventId { get; set; } = string.Empty;
}
