namespace ClawChat.Grains.Interfaces.Bots;

/// <summary>A batch of new events pushed by a room to one bot conversation.</summary>
/// <param name="JoinedMembers">Joined members after the events (the bot included): a room of two is a direct chat.</param>
/// <param name="PersistedAtUtcTicks">When the events were persisted (UTC ticks), for the platform-overhead metric.</param>
public sealed record BotRoomEvents(
    string RoomId,
    int JoinedMembers,
    long PersistedAtUtcTicks,
    IReadOnlyList<BotRoomEvent> Events);
