namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>Hits of one room, newest first, and where to continue (null: the room's visible history is exhausted).</summary>
public sealed record RoomSearchPage(IReadOnlyList<RoomSearchHit> Hits, long? Next);
