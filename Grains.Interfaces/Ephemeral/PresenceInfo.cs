namespace ClawChat.Grains.Interfaces.Ephemeral;

/// <summary>A user's presence: <paramref name="LastActiveTs"/> is a Unix time in ms (0: never).</summary>
public sealed record PresenceInfo(string Presence, string? StatusMessage, long LastActiveTs, bool CurrentlyActive);
