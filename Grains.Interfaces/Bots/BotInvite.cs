namespace ClawChat.Grains.Interfaces.Bots;

/// <summary>A bot was invited to a room by <paramref name="Inviter"/>.</summary>
public sealed record BotInvite(string RoomId, string Inviter, string InviteEventId);
