using ClawChat.Grains.Interfaces.E2ee.DeviceLists;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>
/// A user's sync stream (key: the user ID), the engine behind <c>GET /sync</c> (DIGEST §6, DESIGN §5). It keeps
/// in memory where each of the user's rooms stands (event position, ephemeral version, membership), learns about
/// changes from one-way notifications sent by rooms, the ephemeral grains and the account-data grain, and
/// answers sync requests: a <c>since</c> token names a persisted checkpoint of those positions plus a short
/// delta, so an incremental sync reads only the rooms that changed, tokens survive restarts, and a long-poll
/// waits on an in-memory signal (no polling) that the notifications complete.
/// </summary>
[Alias("sync")]
public interface ISyncGrain : IGrainWithStringKey
{
    /// <summary>One <c>/sync</c> request; returns the response body (JSON). Waits up to
    /// <see cref="SyncRequest.TimeoutMs"/> when nothing is new; <paramref name="cancellationToken"/> (the client went
    /// away, the silo is stopping) ends the wait early with a normal, empty response. M_INVALID_PARAM for an
    /// unparseable token.</summary>
    [ResponseTimeout("00:02:30")]
    Task<string> SyncAsync(SyncRequest request, CancellationToken cancellationToken = default);

    /// <summary>A room the user is in (or whose membership of the user just changed) advanced.</summary>
    [OneWay]
    Task OnRoomAdvancedAsync(RoomAdvance advance);

    /// <summary>A room's ephemeral stream (typing, receipts, presence of its members) moved to <paramref name="version"/>.</summary>
    [OneWay]
    Task OnEphemeralAsync(string roomId, long version);

    /// <summary>The user's account data (global or per room) moved to <paramref name="version"/>.</summary>
    [OneWay]
    Task OnAccountDataAsync(long version);

    /// <summary>The inbox of the user's device <paramref name="deviceId"/> got a message with sequence
    /// <paramref name="sequence"/> (wakes that device's long-poll).</summary>
    [OneWay]
    Task OnToDeviceAsync(string deviceId, long sequence);

    /// <summary>The user's device-list log moved to <paramref name="position"/>.</summary>
    [OneWay]
    Task OnDeviceListsAsync(long position);

    /// <summary><c>GET /keys/changes?from=&amp;to=</c> (DIGEST §12.4): users whose devices changed, or who no longer
    /// share a room, between two sync tokens (<paramref name="to"/> null: up to now). M_INVALID_PARAM for a token
    /// that does not parse.</summary>
    [ReadOnly]
    Task<DeviceListChanges> GetKeyChangesAsync(string from, string? to);
}
