namespace ClawChat.Grains.Interfaces.Sync;

/// <summary><c>summary</c> of a joined room (DIGEST §6): <c>m.heroes</c>, <c>m.joined_member_count</c>, <c>m.invited_member_count</c>.</summary>
public sealed record RoomSummary(IReadOnlyList<string> Heroes, int JoinedMemberCount, int InvitedMemberCount);
