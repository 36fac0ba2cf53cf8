namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary><c>GET /rooms/{roomId}/messages</c> after parsing (DIGEST §8).</summary>
/// <param name="Backward">dir=b (newest first) or dir=f.</param>
/// <param name="From">Position to start at; null: the newest (b) or oldest (f) event.</param>
/// <param name="To">Position to stop at, or null.</param>
public sealed record MessagesQuery(
    string UserId,
    string? DeviceId,
    bool Backward,
    long? From,
    long? To,
    int Limit,
    RoomEventFilter Filter);
