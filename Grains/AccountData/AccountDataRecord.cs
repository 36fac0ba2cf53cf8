namespace ClawChat.Grains.AccountData;

/// <summary>One stored account-data entry: its content (JSON text) and the stream version of its last change.</summary>
public sealed record AccountDataRecord(string Content, long Version);
