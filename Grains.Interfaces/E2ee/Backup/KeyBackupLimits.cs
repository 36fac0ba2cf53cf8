namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>
/// Bounds on what one user can store in server-side key backup. Each Megolm session backs up as roughly 600 bytes,
/// so <see cref="MaxKeysPerVersion"/> keeps one version under ~60 MB; clients upload in batches of 100–1,000
/// sessions, far below <see cref="MaxSessionsPerRequest"/>.
/// </summary>
public static class KeyBackupLimits
{
    /// <summary>Keys one backup version may hold.</summary>
    public const int MaxKeysPerVersion = 100_000;

    /// <summary>Sessions one <c>PUT /room_keys/keys…</c> request may carry.</summary>
    public const int MaxSessionsPerRequest = 10_000;

    /// <summary>Live (not deleted) backup versions per user; clients keep one and delete the old one on reset.</summary>
    public const int MaxVersions = 1_000;

    /// <summary>Bytes of one key's <c>session_data</c> JSON (an encrypted session export is under 1 KB).</summary>
    public const int MaxSessionDataBytes = 16 * 1024;

    /// <summary>Bytes of a version's <c>auth_data</c> JSON (a public key plus a few signatures).</summary>
    public const int MaxAuthDataBytes = 64 * 1024;

    /// <summary>Length of a room ID, session ID, algorithm name or version string.</summary>
    public const int MaxIdentifierLength = 255;
}
