namespace ClawChat.Grains.Bots;

/// <summary>A question waiting for, or getting, an answer. Lives only in the conversation's memory.</summary>
internal sealed class BotPrompt
{
    public required string EventId { get; init; }

    public required string Sender { get; init; }

    public required string Text { get; set; }

    public required long Position { get; init; }

    public string? ThreadRoot { get; init; }

    /// <summary>When the prompt (or its edit) was persisted by the room: the start of the platform-overhead metric.</summary>
    public required DateTimeOffset PersistedAt { get; init; }

    /// <summary>The answer being written (known from the first streamed text, or from the start for a redo).</summary>
    public string? AnswerEventId { get; set; }

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Cancelled because the prompt was redacted: the answer goes too.</summary>
    public bool Redacted { get; set; }

    /// <summary>Cancelled because the prompt was edited: a redo follows.</summary>
    public bool Superseded { get; set; }

    public bool IsCancelled => Redacted || Superseded;

    public BotPrompt Redo(string text, DateTimeOffset persistedAt) => new()
    {
        EventId = EventId,
        Sender = Sender,
        Text = text,
        Position = Position,
        ThreadRoot = ThreadRoot,
        PersistedAt = persistedAt,
        AnswerEventId = AnswerEventId,
    };
}
