using System.Text.Json;
using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Grains.Interfaces.Sync;

namespace ClawChat.Grains.Sync;

/// <summary>A joined room's part of a response as gathered (slice null: no event changes).</summary>
internal sealed record JoinedRoomPart(string RoomId, long Upto, RoomSyncSlice? Slice, EphemeralSlice? Ephemeral, IReadOnlyList<AccountDataEntry> AccountData);

/// <summary>A left room's part of a response.</summary>
internal sealed record LeftRoomPart(string RoomId, RoomSyncSlice Slice, IReadOnlyList<AccountDataEntry> AccountData);

/// <summary>An invited or knocked room: its stripped state.</summary>
internal sealed record StrippedRoomPart(string RoomId, bool Knock, IReadOnlyList<JsonElement> State);
