using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee;

/// <summary>
/// One device's send-to-device queue (key: <c>@user:server|DEVICEID</c>, see <see cref="ToDeviceInbox.Key"/>;
/// DIGEST §13): messages in arrival order, kept across restarts, removed only when the device's sync acknowledges
/// them. The to-device engineer adds the enqueue/take members.
/// </summary>
[Alias("to-device-inbox")]
public interface IToDeviceInboxGrain : IGrainWithStringKey
{
    /// <summary>Drops every queued message (the device was deleted). Idempotent.</summary>
    Task ClearAsync();
}

/// <summary>Keys of <see cref="IToDeviceInboxGrain"/>.</summary>
public static class ToDeviceInbox
{
    public static string Key(string userId, string deviceId) => userId + "|" + deviceId;
}
