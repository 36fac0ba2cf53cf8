namespace ClawChat.Grains.Rooms;

/// <summary>Stream positions <see cref="From"/>..<see cref="To"/> (inclusive) whose events a user may see.</summary>
internal readonly record struct VisibleRange(long From, long To);
