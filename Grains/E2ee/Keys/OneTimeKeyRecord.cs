namespace ClawChat.Grains.E2ee.Keys;

/// <summary>One unclaimed one-time key: its ID (<c>algorithm:id</c>) and JSON as uploaded.</summary>
public sealed record OneTimeKeyRecord(string KeyId, string Json);
