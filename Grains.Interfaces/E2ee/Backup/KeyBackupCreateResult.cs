namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>Outcome of creating a backup version: on <see cref="KeyBackupStatus.Ok"/> the new version, which is now
/// the current one.</summary>
public sealed record KeyBackupCreateResult(KeyBackupStatus Status, string? Version);
