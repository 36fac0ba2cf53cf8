namespace ClawChat.Grains.Rooms;

/// <summary><c>m.room.history_visibility</c> became <paramref name="Value"/> with the event at <paramref name="Position"/>.</summary>
public sealed record VisibilityMark(long Position, string Value);
