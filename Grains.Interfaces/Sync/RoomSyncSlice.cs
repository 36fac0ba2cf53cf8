using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>A room's part of a sync response for one user: <c>timeline</c> (oldest first), <c>limited</c>,
/// <c>prev_batch</c> (an <c>s&lt;N&gt;</c> room token usable with <c>/messages?dir=b</c>), <c>state</c> (at the start
/// of the timeline, DIGEST §6) and <c>summary</c>.</summary>
public sealed record RoomSyncSlice(
    IReadOnlyList<JsonElement> Timeline,
    bool Limited,
    string PrevBatch,
    IReadOnlyList<JsonElement> State,
    RoomSummary? Summary);
