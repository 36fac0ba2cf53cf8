using ClawChat.Runtime;
using ClawChat.Runtime.Storage;
using ClawChat.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ClawChat.Storage.GrainState;

/// <summary>Grain state in the embedded SQLite database (table <c>grain_state</c>, payload as JSON text).
/// Writes hold the database's write lock, so "UPDATE … WHERE version = $etag" needs no RETURNING:
/// the new version is the expected one plus one.</summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private const string SelectSql =
        "SELECT version, payload FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name";

    private const string SelectVersionSql =
        "SELECT version FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name";

    private const string InsertSql =
        "INSERT INTO grain_state (grain_type, grain_key, state_name, version, payload) VALUES ($type, $key, $name, 1, $payload) ON CONFLICT DO NOTHING";

    private const string UpdateSql =
        "UPDATE grain_state SET payload = $payload, version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
        + "WHERE grain_type = $type AND grain_key = $key AND state_name = $name AND version = $version";

    private const string DeleteSql =
        "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name AND version = $version";

    private readonly SqliteDatabase _database;
    private readonly GrainStorageOptions _options;

    public SqliteGrainStorage(SqliteDatabase database, GrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _options = options;
    }

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var record = await _database.ReadAsync(
            async (connection, ct) =>
            {
                using var command = CreateCommand(connection, SelectSql, stateName, grainId);
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(ct).ConfigureAwait(false)
                        ? (Version: reader.GetInt64(0), Json: reader.GetString(1))
                        : ((long Version, string Json)?)null;
                }
            },
            cancellationToken).ConfigureAwait(false);

        grainState.State = record is { } r
            ? GrainStateSerializer.Deserialize<TState>(r.Json, _options.SerializerOptions)
            : GrainStateSerializer.CreateDefault<TState>();
        grainState.ETag = record is { } found ? GrainStateEtag.Format(found.Version) : null;
        grainState.RecordExists = record is not null;
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var etag = grainState.ETag;
        long? expected = etag is null ? null : GrainStateEtag.Parse(etag, grainId, stateName);
        var json = GrainStateSerializer.Serialize(grainState.State, _options.SerializerOptions);
        var newVersion = await _database.WriteAsync(
            async (connection, ct) =>
            {
                using var command = CreateCommand(connection, expected is null ? InsertSql : UpdateSql, stateName, grainId);
                command.Parameters.AddWithValue("$payload", json);
                if (expected is { } version)
                {
                    command.Parameters.AddWithValue("$version", version);
                }

                if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                {
                    var stored = await ReadVersionAsync(connection, stateName, grainId, ct).ConfigureAwait(false);
                    throw GrainStateEtag.Conflict(grainId, stateName, stored, etag);
                }

                return (expected ?? 0) + 1;
            },
            cancellationToken).ConfigureAwait(false);

        grainState.ETag = GrainStateEtag.Format(newVersion);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var etag = grainState.ETag;
        long? expected = etag is null ? null : GrainStateEtag.Parse(etag, grainId, stateName);
        await _database.WriteAsync(
            async (connection, ct) =>
            {
                if (expected is not { } version)
                {
                    // Clearing a record the grain never saw is fine only if there really is none.
                    var stored = await ReadVersionAsync(connection, stateName, grainId, ct).ConfigureAwait(false);
                    return stored is null ? true : throw GrainStateEtag.Conflict(grainId, stateName, stored, null);
                }

                using var command = CreateCommand(connection, DeleteSql, stateName, grainId);
                command.Parameters.AddWithValue("$version", version);
                if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                {
                    var stored = await ReadVersionAsync(connection, stateName, grainId, ct).ConfigureAwait(false);
                    throw GrainStateEtag.Conflict(grainId, stateName, stored, etag);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static async Task<long?> ReadVersionAsync(SqliteConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        using var command = CreateCommand(connection, SelectVersionSql, stateName, grainId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    private static SqliteCommand CreateCommand(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$type", grainId.Type.Name);
        command.Parameters.AddWithValue("$key", grainId.Key);
        command.Parameters.AddWithValue("$name", stateName);
        return command;
    }
}
