namespace ClawChat.Grains.Push;

/// <summary>One unread notification of a room thread: the event's stream position and whether it highlighted.</summary>
public sealed record UnreadEntry(long Position, bool Highlight);
