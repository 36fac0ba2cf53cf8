namespace ClawChat.Grains.Accounts;

/// <summary>The persisted owner of one access token (state name <c>owner</c>); no record means unknown or revoked.</summary>
public sealed class AccessTokenState
{
    public string? UserId { get; set; }

    public string? DeviceId { get; set; }
}
