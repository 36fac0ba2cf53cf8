namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>
/// Limits shared by all bots (<c>ClawChat:BotLimits</c>, issue 7 §5): token buckets on invocations per user and per
/// room (so one busy user or room cannot starve the others), a cap on concurrent model calls per silo, and the bounds
/// of a conversation's queue and of streaming edits.
/// </summary>
public sealed class BotLimitsOptions
{
    public const string SectionName = "ClawChat:BotLimits";

    /// <summary>Invocations a user may make per minute, across rooms and bots (token refill rate). Default 10.</summary>
    public int UserPerMinute { get; set; } = 10;

    /// <summary>Invocations a user may make in a burst (bucket size). Default 5.</summary>
    public int UserBurst { get; set; } = 5;

    /// <summary>Invocations per minute in one room (per bot). Default 20.</summary>
    public int RoomPerMinute { get; set; } = 20;

    /// <summary>Burst of invocations in one room (per bot). Default 10.</summary>
    public int RoomBurst { get; set; } = 10;

    /// <summary>Model calls running at once on one silo, all bots together. Default 8.</summary>
    public int MaxConcurrentCalls { get; set; } = 8;

    /// <summary>How long a prompt waits for a free model-call slot before the room gets a "busy" notice. Default 30 s.</summary>
    public TimeSpan ConcurrencyWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Prompts waiting in one conversation behind the running one; more get a short notice. Default 8.</summary>
    public int QueueLimit { get; set; } = 8;

    /// <summary>Minimum time between streaming edits of one answer. Default 1 s.</summary>
    public TimeSpan EditInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Edits of one answer while streaming (the final edit always comes on top). Default 30.</summary>
    public int MaxEditsPerMessage { get; set; } = 30;

    /// <summary>Room events read for the model context (then trimmed to <see cref="BotOptions.ContextTokens"/>). Default 50.</summary>
    public int HistoryEvents { get; set; } = 50;
}
