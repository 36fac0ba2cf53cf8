namespace ClawChat.Grains.E2ee.Keys;

/// <summary>The keys of one device in <see cref="UserKeysState"/>.</summary>
public sealed class DeviceKeysState
{
    /// <summary>The signed device keys as uploaded; null until the device uploads them.</summary>
    public string? DeviceKeys { get; set; }

    /// <summary>Unclaimed one-time keys in upload order, so a claim takes the oldest batch first (DIGEST §12.3).
    /// At most <see cref="Interfaces.E2ee.Keys.E2eeKeyLimits.MaxOneTimeKeysPerDevice"/>, so linear scans stay cheap.</summary>
    public List<OneTimeKeyRecord> OneTimeKeys { get; set; } = [];

    /// <summary>Every algorithm the device ever uploaded one-time keys of: the counts include them at zero.</summary>
    public List<string> OneTimeKeyAlgorithms { get; set; } = [];

    /// <summary>The fallback key per algorithm.</summary>
    public Dictionary<string, FallbackKeyRecord> FallbackKeys { get; set; } = new(StringComparer.Ordinal);
}
