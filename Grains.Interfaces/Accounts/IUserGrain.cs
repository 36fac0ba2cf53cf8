using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>
/// A local Matrix user, keyed by the full user id (<c>@alice:server</c>): the account (password hash,
/// admin and deactivated flags), the profile, and the devices with the hashes of their access tokens.
/// The grain is the authority for every token: a token is valid only while its device here holds its hash.
/// Methods returning revoked token hashes let the gateway drop them from its per-silo cache at once.
/// </summary>
[Alias("user")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; false (and nothing changes) when the user id is already taken,
    /// including by a deactivated account.</summary>
    Task<CreateAccountResult> CreateAsync(CreateAccountRequest request);

    /// <summary>The account, or null when it does not exist.</summary>
    [ReadOnly]
    Task<AccountInfo?> GetAccountAsync();

    /// <summary>Password login: a new device (or the given one, whose old token is revoked) with a new token.
    /// Throws 403 M_FORBIDDEN for an unknown user or wrong password, M_USER_DEACTIVATED for a deactivated account.</summary>
    Task<NewSession> LoginAsync(LoginRequest request);

    /// <summary>Whether <paramref name="password"/> is this active account's password (UIA m.login.password).</summary>
    [ReadOnly]
    Task<bool> CheckPasswordAsync(string password);

    /// <summary>Whether the token with this hash belongs to <paramref name="deviceId"/> of this active account;
    /// records the device's last-seen address and time when it does.</summary>
    Task<bool> AuthenticateAsync(string deviceId, string tokenHash, string? ip);

    /// <summary>Deletes one device and revokes its token; returns the revoked token hashes.</summary>
    Task<IReadOnlyList<string>> LogoutAsync(string deviceId);

    /// <summary>Deletes every device and revokes every token; returns the revoked token hashes.</summary>
    Task<IReadOnlyList<string>> LogoutAllAsync();

    /// <summary>Sets a new password; when <paramref name="logoutOtherDevices"/>, deletes every device except
    /// <paramref name="currentDeviceId"/>. Returns the revoked token hashes.</summary>
    Task<IReadOnlyList<string>> ChangePasswordAsync(string newPassword, bool logoutOtherDevices, string? currentDeviceId);

    /// <summary>Deactivates the account for good (the user id is never reused): deletes every device and
    /// revokes every token; returns the revoked token hashes. Idempotent.</summary>
    Task<IReadOnlyList<string>> DeactivateAsync();

    [ReadOnly]
    Task<IReadOnlyList<DeviceInfo>> GetDevicesAsync();

    /// <summary>The device, or null when this user has no such device.</summary>
    [ReadOnly]
    Task<DeviceInfo?> GetDeviceAsync(string deviceId);

    /// <summary>Adds a device without an access token — a server-side device nobody can log in as, such as an AI bot's
    /// (DESIGN §8: its encryption keys and to-device inbox belong to it). False when the device exists or the account
    /// is not active.</summary>
    Task<bool> EnsureDeviceAsync(string deviceId, string? displayName);

    /// <summary>Renames a device; false when this user has no such device.</summary>
    Task<bool> RenameDeviceAsync(string deviceId, string? displayName);

    /// <summary>Deletes the devices that exist among <paramref name="deviceIds"/>; returns the revoked token hashes.</summary>
    Task<IReadOnlyList<string>> DeleteDevicesAsync(IReadOnlyList<string> deviceIds);

    /// <summary>The profile, or null when the account does not exist.</summary>
    [ReadOnly]
    Task<UserProfile?> GetProfileAsync();

    /// <summary>Sets (or with null, removes) the display name; throws M_NOT_FOUND when the account does not exist.</summary>
    Task SetDisplayNameAsync(string? displayName);

    /// <summary>Sets (or with null, removes) the avatar URL; throws M_NOT_FOUND when the account does not exist.</summary>
    Task SetAvatarUrlAsync(string? avatarUrl);
}
