namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>The event a command produced (or, for an idempotent retry or a no-op, the existing one) and its stream position.</summary>
public sealed record SendEventResult(string EventId, long Position);
