namespace ClawChat.Grains.Interfaces.E2ee;

/// <summary>Key counts of one device (DIGEST §12.1, §6): unclaimed one-time keys per algorithm (every algorithm the
/// device holds keys of, zero included once it uploaded any) and the algorithms of its unused fallback keys.</summary>
public sealed record DeviceKeyCounts(IReadOnlyDictionary<string, int> OneTimeKeyCounts, IReadOnlyList<string> UnusedFallbackKeyTypes)
{
    public static DeviceKeyCounts Empty { get; } = new(new Dictionary<string, int>(), []);
}
