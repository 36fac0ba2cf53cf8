namespace ClawChat.Grains.Push.Delivery;

/// <summary>What a push shows besides the event: the room's name and canonical alias and the sender's display
/// name in the room (each null when unknown or not visible to the recipient).</summary>
internal sealed record PushRoomDetails(string? RoomName, string? RoomAlias, string? SenderDisplayName)
{
    public static PushRoomDetails None { get; } = new(null, null, null);
}
