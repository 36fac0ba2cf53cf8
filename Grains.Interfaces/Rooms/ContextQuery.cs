namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary><c>GET /rooms/{roomId}/context/{eventId}</c> after parsing; <paramref name="Limit"/> is shared between before and after.</summary>
public sealed record ContextQuery(string UserId, string? DeviceId, string EventId, int Limit, RoomEventFilter Filter);
