namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>The outcome of <see cref="IRoomGrain.CreateAsync"/>: the room and the stream position after the initial events.</summary>
public sealed record CreateRoomResult(string RoomId, string RoomVersion, long Position);
