namespace ClawChat.Grains.Interfaces.Ephemeral;

/// <summary>The presence values (DIGEST §16, spec presence.yaml).</summary>
public static class PresenceStates
{
    public const string Online = "online";

    public const string Unavailable = "unavailable";

    public const string Offline = "offline";

    public static bool IsValid(string? value) => value is Online or Unavailable or Offline;
}
