namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary><c>GET /rooms/{roomId}/threads</c> after parsing.</summary>
/// <param name="ParticipatedOnly"><c>include=participated</c>: only threads whose root or a reply the user sent.</param>
/// <param name="Before">Only threads whose latest visible reply is before this stream position (the <c>from</c> token), or null.</param>
public sealed record ThreadsQuery(string UserId, string? DeviceId, bool ParticipatedOnly, long? Before, int Limit);
