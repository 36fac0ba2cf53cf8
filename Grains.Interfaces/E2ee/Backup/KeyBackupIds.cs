using System.Globalization;

namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>Grain keys and version strings of key backup. Versions are positive integers written in decimal without
/// leading zeros, so <c>"01"</c> is not version 1 and never matches. User IDs end with a server name, which has no
/// <c>|</c>, so the composite keys are unambiguous.</summary>
public static class KeyBackupIds
{
    /// <summary>Key of <see cref="IKeyBackupVersionGrain"/>.</summary>
    public static string VersionKey(string userId, long version) =>
        userId + "|" + version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Key of <see cref="IKeyBackupRoomGrain"/>.</summary>
    public static string RoomKey(string userId, long version, string roomId) =>
        VersionKey(userId, version) + "|" + roomId;

    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a version string as issued by <see cref="IKeyBackupGrain.CreateVersionAsync"/>.</summary>
    public static bool TryParse(string? text, out long version)
    {
        version = 0;
        return text is { Length: > 0 and <= 18 } && text[0] != '0'
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
