namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>What a write or delete did to one room's backed-up keys: whether any stored key changed, and how many
/// keys the room holds afterwards.</summary>
public sealed record KeyBackupRoomChange(bool Changed, int Count);
