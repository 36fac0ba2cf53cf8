using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A validated <c>/createRoom</c> request (DIGEST §5). The gateway checks shapes and reserves the alias;
/// the room grain builds the events in the spec's order.</summary>
/// <param name="RoomVersion">"10" or "11".</param>
/// <param name="Preset">private_chat, public_chat or trusted_private_chat (already defaulted from visibility).</param>
/// <param name="CanonicalAlias">The full alias to announce in <c>m.room.canonical_alias</c>, already reserved.</param>
/// <param name="CreationContent">Extra <c>m.room.create</c> content (object) or null.</param>
/// <param name="PowerLevelContentOverride">Top-level keys replacing the default power levels, or null.</param>
public sealed record CreateRoomCommand(
    string Creator,
    string RoomVersion,
    string Preset,
    string? Name,
    string? Topic,
    string? CanonicalAlias,
    IReadOnlyList<string> Invite,
    IReadOnlyList<StateEventInput> InitialState,
    bool IsDirect,
    JsonElement? CreationContent,
    JsonElement? PowerLevelContentOverride,
    string? CreatorDisplayName,
    string? CreatorAvatarUrl);
