using ClawChat.Runtime;
using ClawChat.Runtime.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ClawChat.Storage.GrainState;

/// <summary>Grain state in PostgreSQL (table <c>grain_state</c>, payload jsonb), compare-and-swap on the
/// version column exactly as runtime brief C9 specifies. Statements are auto-prepared by the data source.</summary>
public sealed class PostgresGrainStorage : IGrainStorage
{
    private const string SelectSql =
        "SELECT version, payload::text FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3";

    private const string SelectVersionSql =
        "SELECT version FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3";

    private const string InsertSql =
        "INSERT INTO grain_state (grain_type, grain_key, state_name, version, payload) VALUES ($1, $2, $3, 1, $4) "
        + "ON CONFLICT DO NOTHING RETURNING version";

    private const string UpdateSql =
        "UPDATE grain_state SET payload = $4, version = version + 1, updated_at = now() "
        + "WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $5 RETURNING version";

    private const string DeleteSql =
        "DELETE FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $4";

    private readonly NpgsqlDataSource _dataSource;
    private readonly GrainStorageOptions _options;

    public PostgresGrainStorage(NpgsqlDataSource dataSource, GrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _options = options;
    }

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var command = CreateCommand(SelectSql, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var version = reader.GetInt64(0);
            grainState.State = GrainStateSerializer.Deserialize<TState>(reader.GetString(1), _options.SerializerOptions);
            grainState.ETag = GrainStateEtag.Format(version);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = GrainStateSerializer.CreateDefault<TState>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var etag = grainState.ETag;
        long? expected = etag is null ? null : GrainStateEtag.Parse(etag, grainId, stateName);
        var json = GrainStateSerializer.Serialize(grainState.State, _options.SerializerOptions);

        await using var command = CreateCommand(expected is null ? InsertSql : UpdateSql, stateName, grainId);
        command.Parameters.Add(new NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
        if (expected is { } version)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        }

        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long newVersion)
        {
            var stored = await ReadVersionAsync(stateName, grainId, cancellationToken).ConfigureAwait(false);
            throw GrainStateEtag.Conflict(grainId, stateName, stored, etag);
        }

        grainState.ETag = GrainStateEtag.Format(newVersion);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var etag = grainState.ETag;
        if (etag is null)
        {
            // Clearing a record the grain never saw is fine only if there really is none.
            var stored = await ReadVersionAsync(stateName, grainId, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                throw GrainStateEtag.Conflict(grainId, stateName, stored, null);
            }
        }
        else
        {
            var expected = GrainStateEtag.Parse(etag, grainId, stateName);
            await using var command = CreateCommand(DeleteSql, stateName, grainId);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                var stored = await ReadVersionAsync(stateName, grainId, cancellationToken).ConfigureAwait(false);
                throw GrainStateEtag.Conflict(grainId, stateName, stored, etag);
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Rare path (after a conflict or for a null-ETag clear): fetches the stored version so the
    /// exception can say what was found.</summary>
    private async Task<long?> ReadVersionAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(SelectVersionSql, stateName, grainId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    private NpgsqlCommand CreateCommand(string sql, string stateName, GrainId grainId)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type.Name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        return command;
    }
}
