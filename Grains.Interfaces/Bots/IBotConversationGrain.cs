using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Bots;

/// <summary>
/// One AI bot's conversation in one room (DESIGN §8; key <c>botUserId|roomId</c>, see <see cref="BotConversationKey"/>):
/// the room pushes its new events here (no polling), the grain decides what to answer, builds the model context from
/// the room's timeline, runs one generation at a time with a bounded queue and posts the answer as the bot. Per-room
/// settings (<c>!bot</c> commands) are persisted here.
/// </summary>
[Alias("bot-conversation")]
public interface IBotConversationGrain : IGrainWithStringKey
{
    /// <summary>New live events of the room that the bot may react to (never the bot's own).</summary>
    [OneWay]
    Task OnRoomEventsAsync(BotRoomEvents batch);

    /// <summary>The bot was invited: join when the inviter is allowed, otherwise reject the invite.</summary>
    [OneWay]
    Task OnInvitedAsync(BotInvite invite);

    /// <summary>The conversation's settings and activity (the <c>!bot status</c> data; also for tests and tools).</summary>
    [ReadOnly]
    Task<BotConversationStatus> GetStatusAsync();
}
