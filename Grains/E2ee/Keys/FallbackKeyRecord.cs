namespace ClawChat.Grains.E2ee.Keys;

/// <summary>A device's fallback key of one algorithm: its ID, JSON as uploaded, and whether a claim handed it out
/// (then it no longer shows in <c>device_unused_fallback_key_types</c>).</summary>
public sealed record FallbackKeyRecord(string KeyId, string Json, bool Used);
