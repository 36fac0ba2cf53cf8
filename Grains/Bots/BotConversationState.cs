namespace ClawChat.Grains.Bots;

/// <summary>Persisted state of a <see cref="BotConversationGrain"/>: the room's settings (<c>!bot</c> commands) and the
/// most recent prompt → answer links (so that an edit or redaction of a prompt reaches the answer after a restart).
/// Bounded: at most <see cref="BotConversationGrain.MaxRemembered"/> links and thread roots.</summary>
public sealed class BotConversationState
{
    /// <summary>The room's model (<c>!bot model</c>), or null for the bot's default.</summary>
    public string? Model { get; set; }

    /// <summary>The room's system prompt (<c>!bot system</c>), or null for the bot's default.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>The room's streaming choice (<c>!bot streaming</c>), or null for the bot's default.</summary>
    public bool? Streaming { get; set; }

    /// <summary>History at or before this stream position is forgotten (<c>!bot reset</c>).</summary>
    public long ResetPosition { get; set; }

    /// <summary><c>origin_server_ts</c> of the reset (thread events are filtered by time: they carry no position).</summary>
    public long ResetTs { get; set; }

    /// <summary>Recent answers, oldest first.</summary>
    public List<BotAnswerLink> Answers { get; set; } = [];

    /// <summary>Threads the bot has answered in (roots), oldest first: later messages there are addressed to it.</summary>
    public List<string> Threads { get; set; } = [];
}
