namespace ClawChat.Grains.E2ee.DeviceLists;

/// <summary>The latest device-list change of one tracked user: at <paramref name="Position"/>, "changed" or — when
/// <paramref name="Left"/> — "left".</summary>
public sealed record DeviceListEntry(long Position, bool Left);
