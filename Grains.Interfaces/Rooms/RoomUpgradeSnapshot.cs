using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>What a room upgrade carries over from the old room (DIGEST §5 "Room upgrades").</summary>
/// <param name="CreateContent">The old room's <c>m.room.create</c> content.</param>
/// <param name="LastEventId">The old room's newest event, for <c>predecessor.event_id</c>.</param>
/// <param name="PowerLevels">The old room's <c>m.room.power_levels</c> content, or null.</param>
/// <param name="State">Name, topic, avatar, join rules, history visibility, guest access, encryption, server ACL.</param>
/// <param name="CanonicalAlias">The old room's <c>m.room.canonical_alias</c> content, or null.</param>
/// <param name="BannedUsers">Users banned from the old room; they are banned from the new one too.</param>
public sealed record RoomUpgradeSnapshot(
    JsonElement CreateContent,
    string LastEventId,
    JsonElement? PowerLevels,
    IReadOnlyList<StateEventInput> State,
    JsonElement? CanonicalAlias,
    IReadOnlyList<string> BannedUsers);
