namespace ClawChat.Grains.Accounts;

/// <summary>One device of a user: its display name, last-seen facts and the hash of its one access token.</summary>
public sealed class DeviceState
{
    public string? DisplayName { get; set; }

    /// <summary>SHA-256 of the device's current access token (<see cref="Interfaces.Accounts.AccessTokens.Hash"/>).</summary>
    public string? TokenHash { get; set; }

    public string? LastSeenIp { get; set; }

    public long? LastSeenTs { get; set; }
}
