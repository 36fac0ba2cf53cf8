namespace ClawChat.Grains.E2ee.Keys;

/// <summary>Persisted state of <see cref="UserKeysGrain"/> (state name <c>keys</c>). Key objects are kept as the JSON
/// text the client uploaded, because clients verify signatures over exactly that content (DIGEST §12.1).</summary>
public sealed class UserKeysState
{
    /// <summary>Devices that uploaded any key, by device ID.</summary>
    public Dictionary<string, DeviceKeysState> Devices { get; set; } = new(StringComparer.Ordinal);

    public string? MasterKey { get; set; }

    public string? SelfSigningKey { get; set; }

    public string? UserSigningKey { get; set; }

    /// <summary>Signatures uploaded through <c>/keys/signatures/upload</c>: target key ID (a device ID or a
    /// cross-signing public key) → signing user → signing key ID → signature. Kept apart from the uploaded objects
    /// so a query can show each requester only the signatures it may see (DIGEST §12.2).</summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, string>>> Signatures { get; set; } = new(StringComparer.Ordinal);
}
