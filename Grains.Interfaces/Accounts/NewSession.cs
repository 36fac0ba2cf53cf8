namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>A logged-in device: the access token is returned to the client once and stored only as a hash.
/// <paramref name="RevokedTokenHashes"/> lists tokens this login replaced (a reused <c>device_id</c>).</summary>
public sealed record NewSession(string UserId, string DeviceId, string AccessToken, IReadOnlyList<string> RevokedTokenHashes);
