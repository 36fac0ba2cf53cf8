namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>An entry of <c>/joined_members</c>.</summary>
public sealed record JoinedMember(string UserId, string? DisplayName, string? AvatarUrl);
