namespace ClawChat.Grains.Interfaces.E2ee.DeviceLists;

/// <summary><c>device_lists</c> / <c>/keys/changes</c> content (DIGEST §12.4–12.5) and the log position it covers.</summary>
public sealed record DeviceListChanges(IReadOnlyList<string> Changed, IReadOnlyList<string> Left, long Position)
{
    public static DeviceListChanges Empty(long position) => new([], [], position);
}
