namespace ClawChat.Grains.Interfaces.E2ee.DeviceLists;

/// <summary>One entry for a device-list log: <paramref name="UserId"/>'s devices changed (or the user newly shares a
/// room), or — <paramref name="Left"/> — the user no longer shares any room with the log's owner.</summary>
public sealed record DeviceListUpdate(string UserId, bool Left);
