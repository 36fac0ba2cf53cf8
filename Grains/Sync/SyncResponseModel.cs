using System.Text.Json;
using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Interfaces.Sync;

namespace ClawChat.Grains.Sync;

/// <summary>Everything a sync response says, gathered; <see cref="SyncResponseWriter"/> turns it into JSON.</summary>
internal sealed record SyncResponseModel(
    string NextBatch,
    IReadOnlyList<JoinedRoomPart> Join,
    IReadOnlyList<LeftRoomPart> Leave,
    IReadOnlyList<StrippedRoomPart> Stripped,
    IReadOnlyList<JsonElement> Presence,
    IReadOnlyList<AccountDataEntry> AccountData,
    IReadOnlyDictionary<string, UnreadCounts>? Unread,
    bool ThreadCounts,
    SyncEventFilter? EphemeralFilter,
    IReadOnlyList<string[]>? EventFields);
