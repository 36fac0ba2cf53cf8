namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>Outcome of a key-backup operation; the API maps each to its Matrix error (DIGEST §12.7, §11).</summary>
public enum KeyBackupStatus
{
    /// <summary>Done.</summary>
    Ok,

    /// <summary>No such backup version (never created, or deleted): 404 <c>M_NOT_FOUND</c>.</summary>
    UnknownVersion,

    /// <summary>The version exists but the requested room key does not: 404 <c>M_NOT_FOUND</c>.</summary>
    KeyNotFound,

    /// <summary>A key write names a version other than the current one: 403 <c>M_WRONG_ROOM_KEYS_VERSION</c>.</summary>
    WrongVersion,

    /// <summary><c>PUT /room_keys/version/{v}</c> with a different <c>algorithm</c>: 400 <c>M_INVALID_PARAM</c>.</summary>
    AlgorithmMismatch,

    /// <summary>The write would store more than <see cref="KeyBackupLimits.MaxKeysPerVersion"/> keys: 400
    /// <c>M_INVALID_PARAM</c> (a hard quota, not a rate limit: retrying cannot succeed).</summary>
    TooManyKeys,

    /// <summary>The user already has <see cref="KeyBackupLimits.MaxVersions"/> live versions: 400 <c>M_INVALID_PARAM</c>.</summary>
    TooManyVersions,
}
