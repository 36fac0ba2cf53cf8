using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>
/// A single-use nonce of shared-secret registration (<c>/_synapse/admin/v1/register</c>), keyed by the nonce.
/// Held in memory only: a nonce lives a minute, and losing one to a restart only makes the client ask again.
/// Being a grain, a nonce issued by one silo can be redeemed through any other.
/// </summary>
[Alias("registration-nonce")]
public interface IRegistrationNonceGrain : IGrainWithStringKey
{
    /// <summary>Starts the nonce's lifetime of <paramref name="lifetimeMs"/> milliseconds.</summary>
    Task IssueAsync(long lifetimeMs);

    /// <summary>True exactly once for an issued, unexpired nonce.</summary>
    Task<bool> RedeemAsync();
}
