namespace ClawChat.Grains.Accounts;

/// <summary>The persisted account of a <see cref="UserGrain"/> (state name <c>account</c>). Other aspects of
/// the user (account data, push rules, joined rooms) keep their own state facets.</summary>
public sealed class UserAccountState
{
    /// <summary>False until the account is created; a deactivated account stays created so its id is never reused.</summary>
    public bool Exists { get; set; }

    /// <summary>See <see cref="PasswordHasher"/>; null when the account has no password.</summary>
    public string? PasswordHash { get; set; }

    public long CreatedTs { get; set; }

    public bool IsAdmin { get; set; }

    public bool IsDeactivated { get; set; }

    public string? DisplayName { get; set; }

    public string? AvatarUrl { get; set; }

    /// <summary>Devices by device id (ordinal).</summary>
    public Dictionary<string, DeviceState> Devices { get; set; } = new(StringComparer.Ordinal);
}
