namespace ClawChat.Grains.E2ee.Backup;

/// <summary>One live backup version: its algorithm and <c>auth_data</c> (JSON text, returned as stored).</summary>
public sealed record KeyBackupVersionRecord(string Algorithm, string AuthData);
