namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>A device as <c>GET /devices</c> shows it; <paramref name="LastSeenTs"/> is in ms since the Unix epoch.</summary>
public sealed record DeviceInfo(string DeviceId, string? DisplayName, string? LastSeenIp, long? LastSeenTs);
