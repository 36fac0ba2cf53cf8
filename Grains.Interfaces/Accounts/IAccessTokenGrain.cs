using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>
/// The index from an access token to its owner, keyed by the token's hash (<see cref="AccessTokens.Hash"/>);
/// the token itself is never stored. Only <see cref="IUserGrain"/> grants and revokes; the gateway reads,
/// then confirms with the user grain (which stays the authority, so a stale index entry grants nothing).
/// </summary>
[Alias("access-token")]
public interface IAccessTokenGrain : IGrainWithStringKey
{
    Task GrantAsync(AccessTokenOwner owner);

    /// <summary>The owner, or null when the token is unknown or revoked.</summary>
    [ReadOnly]
    Task<AccessTokenOwner?> GetOwnerAsync();

    Task RevokeAsync();
}
