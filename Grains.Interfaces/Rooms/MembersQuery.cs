namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary><c>GET /rooms/{roomId}/members</c>: <paramref name="At"/> is a stream position (from a token) or null for now.</summary>
public sealed record MembersQuery(string UserId, long? At, string? Membership, string? NotMembership);
