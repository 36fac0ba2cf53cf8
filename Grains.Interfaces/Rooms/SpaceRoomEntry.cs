using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>One room of a space hierarchy: its summary, the requester's membership (null: none) and, for a space,
/// its <c>m.space.child</c> events with a non-empty <c>via</c>, as stripped state with <c>origin_server_ts</c>.</summary>
public sealed record SpaceRoomEntry(RoomDirectorySummary Summary, string? Membership, IReadOnlyList<JsonElement> ChildrenState);
