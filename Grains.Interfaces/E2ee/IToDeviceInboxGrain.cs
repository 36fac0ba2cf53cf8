using ClawChat.Grains.Interfaces.E2ee.ToDevice;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee;

/// <summary>
/// One device's send-to-device queue (key: <c>@user:server|DEVICEID</c>, see <see cref="ToDeviceInbox.Key"/>;
/// DIGEST §13): messages in arrival order, kept across restarts, removed only when the device's sync acknowledges
/// them. Each message gets the next sequence number of the inbox (never reused, also not after
/// <see cref="ClearAsync"/>), and the device's sync token carries the sequence it was delivered through.
/// </summary>
[Alias("to-device-inbox")]
public interface IToDeviceInboxGrain : IGrainWithStringKey
{
    /// <summary>Drops every queued message (the device was deleted). Idempotent.</summary>
    Task ClearAsync();

    /// <summary>Appends a message (durably) and tells the owner's sync stream. Returns false when a message with the
    /// same <see cref="ToDeviceMessage.MessageId"/> was enqueued recently (a retried <c>PUT /sendToDevice</c>).
    /// When the inbox is full the oldest message is dropped.</summary>
    Task<bool> EnqueueAsync(ToDeviceMessage message);

    /// <summary>A sync of the device: removes every message at or below <paramref name="after"/> (the client proved
    /// receipt by presenting a token carrying it) and returns the next at most <paramref name="limit"/> messages
    /// with the position the response's token must carry.</summary>
    Task<ToDeviceBatch> TakeAsync(long after, int limit);

    /// <summary>The sequence of the newest message ever enqueued (0 when none): a sync whose token is below it may
    /// have something to deliver.</summary>
    [ReadOnly]
    Task<long> GetLastSequenceAsync();
}

/// <summary>Keys of <see cref="IToDeviceInboxGrain"/>.</summary>
public static class ToDeviceInbox
{
    public static string Key(string userId, string deviceId) => userId + "|" + deviceId;
}
