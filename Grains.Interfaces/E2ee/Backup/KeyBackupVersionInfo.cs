using System.Text.Json;

namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>A backup version as <c>GET /room_keys/version</c> returns it: the algorithm, its <c>auth_data</c>, the
/// number of keys stored and the etag of the stored key set.</summary>
public sealed record KeyBackupVersionInfo(string Version, string Algorithm, JsonElement AuthData, long Count, string Etag);
