using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Accounts;

/// <summary>The profile: display name and avatar URL. Propagating changes into the user's room member
/// events belongs to the rooms feature.</summary>
public sealed partial class UserGrain
{
    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(
        Account.Exists ? new UserProfile(Account.DisplayName, Account.AvatarUrl) : null);

    public async Task SetDisplayNameAsync(string? displayName)
    {
        RequireActive();
        if (!string.Equals(Account.DisplayName, displayName, StringComparison.Ordinal))
        {
            Account.DisplayName = displayName;
            await _state.WriteStateAsync();
        }
    }

    public async Task SetAvatarUrlAsync(string? avatarUrl)
    {
        RequireActive();
        if (!string.Equals(Account.AvatarUrl, avatarUrl, StringComparison.Ordinal))
        {
            Account.AvatarUrl = avatarUrl;
            await _state.WriteStateAsync();
        }
    }

    private void RequireActive()
    {
        if (!Account.Exists)
        {
            throw MatrixException.NotFound("No such user.");
        }

        if (Account.IsDeactivated)
        {
            throw MatrixException.UserDeactivated();
        }
    }
}
