using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary>
/// Which users hold a pusher with one (app id, pushkey) pair (key: hex SHA-256 of <c>app_id NUL pushkey</c>, since pushkeys can be 512 bytes of anything). Setting a pusher
/// without <c>append</c> removes the same pair from every other user (spec pusher.yaml <c>append</c>), so a
/// phone handed to another account stops receiving the first account's notifications.
/// </summary>
[Alias("clawchat.IPushkeyOwnersGrain")]
public interface IPushkeyOwnersGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="userId"/> as a holder; unless <paramref name="append"/>, every other holder's
    /// pusher is removed (one-way calls to their <see cref="IPushersGrain"/>, so no call waits on another user).</summary>
    Task ClaimAsync(string userId, string appId, string pushkey, bool append);

    /// <summary>Forgets <paramref name="userId"/> as a holder (idempotent).</summary>
    Task ReleaseAsync(string userId);
}
