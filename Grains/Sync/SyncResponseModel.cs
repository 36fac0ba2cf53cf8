using System.Text.Json;
using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.DeviceLists;
using ClawChat.Grains.Interfaces.E2ee.ToDevice;
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
    IReadOnlyList<string[]>? EventFields)
{
    /// <summary>The requesting device's to-device messages (DIGEST §13).</summary>
    public IReadOnlyList<ToDeviceMessage> ToDevice { get; init; } = [];

    /// <summary><c>device_lists</c> (incremental syncs only, DIGEST §12.5).</summary>
    public DeviceListChanges? DeviceLists { get; init; }

    /// <summary>The requesting device's one-time key counts and unused fallback key types (DIGEST §6).</summary>
    public DeviceKeyCounts KeyCounts { get; init; } = DeviceKeyCounts.Empty;
}
