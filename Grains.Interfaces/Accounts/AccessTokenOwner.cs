namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>Who an access token belongs to: a user id (<c>@alice:server</c>) and one of its devices.</summary>
public sealed record AccessTokenOwner(string UserId, string DeviceId);
