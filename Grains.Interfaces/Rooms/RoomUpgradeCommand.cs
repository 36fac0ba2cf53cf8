namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A validated upgrade request; the profile is copied into the upgrader's join event in the new room.</summary>
public sealed record RoomUpgradeCommand(string Sender, string NewVersion, string? DisplayName, string? AvatarUrl);
