namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>Where an alias points and who created it (the creator may delete it later).</summary>
public sealed record RoomAliasTarget(string RoomId, string Creator);
