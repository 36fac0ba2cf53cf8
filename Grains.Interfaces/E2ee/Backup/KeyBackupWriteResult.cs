namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>Outcome of a key write or delete: on <see cref="KeyBackupStatus.Ok"/> the version's key count and etag
/// after the change (the <c>{etag, count}</c> response); on <see cref="KeyBackupStatus.WrongVersion"/> the current
/// version for <c>current_version</c>.</summary>
public sealed record KeyBackupWriteResult(KeyBackupStatus Status, long Count = 0, string Etag = "", string? CurrentVersion = null)
{
    public static KeyBackupWriteResult Of(KeyBackupStatus status) => new(status);
}
