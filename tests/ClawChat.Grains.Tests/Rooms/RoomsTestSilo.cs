namespace ClawChat.Grains.Tests.Rooms;

/// <summary>The plain <see cref="GrainsTestSilo"/>: in-memory stores, restartable over the same stores.</summary>
public sealed class RoomsTestSilo : GrainsTestSilo;
