namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>The profile fields <c>displayname</c> and <c>avatar_url</c> (an <c>mxc://</c> URI); null when unset.</summary>
public sealed record UserProfile(string? DisplayName, string? AvatarUrl);
