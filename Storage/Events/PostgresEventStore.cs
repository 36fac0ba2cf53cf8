using ClawChat.Storage.Migrations;
using Npgsql;
using NpgsqlTypes;

namespace ClawChat.Storage.Events;

/// <summary><see cref="IEventStore"/> on PostgreSQL. An append reads the stream's last sequence and inserts
/// the batch in one READ COMMITTED transaction. Two racing writers that both read the same last sequence
/// then collide on the (stream_id, seq) primary key: the loser's insert waits for the winner's commit and
/// fails with unique_violation, which is reported as a sequence conflict. No lock is needed.</summary>
public sealed class PostgresEventStore : IEventStore
{
    private const string Columns = "stream_id, seq, event_id, type, state_key, sender, origin_server_ts, payload";

    private const string LastSequenceSql = "SELECT COALESCE(MAX(seq), 0) FROM events WHERE stream_id = $1";

    private const string InsertSql = "INSERT INTO events (" + Columns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private const string ForwardSql =
        "SELECT " + Columns + " FROM events WHERE stream_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";

    private const string BackwardSql =
        "SELECT " + Columns + " FROM events WHERE stream_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3";

    private const string ByIdSql = "SELECT " + Columns + " FROM events WHERE event_id = $1";

    private const string ExistingIdsSql = "SELECT event_id FROM events WHERE event_id = ANY($1) LIMIT 1";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresEventStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    public async Task<long> AppendAsync(string streamId, long expectedLastSequence, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default)
    {
        EventStoreGuard.ValidateAppend(streamId, expectedLastSequence, events);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var last = await QueryLastSequenceAsync(connection, streamId, cancellationToken).ConfigureAwait(false);
            if (last != expectedLastSequence)
            {
                throw EventStoreGuard.SequenceConflict(streamId, last, expectedLastSequence);
            }

            // One round trip for the whole batch.
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var e in events)
            {
                var insert = new NpgsqlBatchCommand(InsertSql);
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
                insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ++last });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.EventId });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Type });
                insert.Parameters.Add(new NpgsqlParameter { Value = (object?)e.StateKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Sender });
                insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.OriginServerTs });
                insert.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = e.Payload, NpgsqlDbType = NpgsqlDbType.Bytea });
                batch.BatchCommands.Add(insert);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return last;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation
            && ex.ConstraintName == PostgresMigrations.EventsPrimaryKey)
        {
            var current = await GetLastSequenceAsync(streamId, cancellationToken).ConfigureAwait(false);
            throw EventStoreGuard.SequenceConflict(streamId, current, expectedLastSequence);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation
            && ex.ConstraintName == PostgresMigrations.EventsEventIdKey)
        {
            throw DuplicateEventException.For(await FindStoredIdAsync(events, cancellationToken).ConfigureAwait(false), ex);
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadForwardAsync(string streamId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        EventStoreGuard.ValidateRead(streamId, limit);
        return ReadRangeAsync(ForwardSql, streamId, afterSequence, limit, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadBackwardAsync(string streamId, long beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        EventStoreGuard.ValidateRead(streamId, limit);
        return ReadRangeAsync(BackwardSql, streamId, beforeSequence, limit, cancellationToken);
    }

    public async Task<StoredEvent?> GetByIdAsync(string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        await using var command = _dataSource.CreateCommand(ByIdSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = eventId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEvent(reader) : null;
    }

    public async Task<long> GetLastSequenceAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await QueryLastSequenceAsync(connection, streamId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> QueryLastSequenceAsync(NpgsqlConnection connection, string streamId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LastSequenceSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Rare path: names one already-stored id of the rejected batch for the exception.</summary>
    private async Task<string?> FindStoredIdAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(ExistingIdsSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = events.Select(e => e.EventId).ToArray() });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private async Task<IReadOnlyList<StoredEvent>> ReadRangeAsync(string sql, string streamId, long sequence, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadEvent(reader));
        }

        return result;
    }

    private static StoredEvent ReadEvent(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.GetInt64(6),
        reader.GetFieldValue<byte[]>(7));
}
