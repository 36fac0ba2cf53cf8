using ClawChat.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ClawChat.Storage.Events;

/// <summary><see cref="IEventStore"/> on the embedded SQLite database. Appends run on the writer connection
/// inside BEGIN IMMEDIATE, so the "last sequence" check and the inserts see no concurrent writer, in this
/// process (write lock) or another (database lock).</summary>
public sealed class SqliteEventStore : IEventStore
{
    private const string Columns = "stream_id, seq, event_id, type, state_key, sender, origin_server_ts, payload";

    private const string LastSequenceSql = "SELECT COALESCE(MAX(seq), 0) FROM events WHERE stream_id = $stream";

    private const string InsertSql =
        "INSERT INTO events (" + Columns + ") VALUES ($stream, $seq, $id, $type, $state_key, $sender, $ts, $payload)";

    private const string ForwardSql =
        "SELECT " + Columns + " FROM events WHERE stream_id = $stream AND seq > $seq ORDER BY seq LIMIT $limit";

    private const string BackwardSql =
        "SELECT " + Columns + " FROM events WHERE stream_id = $stream AND seq < $seq ORDER BY seq DESC LIMIT $limit";

    private const string ByIdSql = "SELECT " + Columns + " FROM events WHERE event_id = $id";

    // SQLITE_CONSTRAINT_UNIQUE: only the event_id UNIQUE constraint can raise it (the primary key raises
    // SQLITE_CONSTRAINT_PRIMARYKEY, 1555).
    private const int SqliteConstraintUnique = 2067;

    private readonly SqliteDatabase _database;

    public SqliteEventStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public Task<long> AppendAsync(string streamId, long expectedLastSequence, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default)
    {
        EventStoreGuard.ValidateAppend(streamId, expectedLastSequence, events);
        return _database.WriteAsync(
            async (connection, ct) =>
            {
                var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var last = await GetLastSequenceAsync(connection, streamId, ct).ConfigureAwait(false);
                    if (last != expectedLastSequence)
                    {
                        throw EventStoreGuard.SequenceConflict(streamId, last, expectedLastSequence);
                    }

                    using var insert = connection.CreateCommand();
                    insert.CommandText = InsertSql;
                    var stream = insert.Parameters.Add("$stream", SqliteType.Text);
                    var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
                    var id = insert.Parameters.Add("$id", SqliteType.Text);
                    var type = insert.Parameters.Add("$type", SqliteType.Text);
                    var stateKey = insert.Parameters.Add("$state_key", SqliteType.Text);
                    var sender = insert.Parameters.Add("$sender", SqliteType.Text);
                    var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
                    var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
                    stream.Value = streamId;
                    foreach (var e in events)
                    {
                        seq.Value = ++last;
                        id.Value = e.EventId;
                        type.Value = e.Type;
                        stateKey.Value = (object?)e.StateKey ?? DBNull.Value;
                        sender.Value = e.Sender;
                        ts.Value = e.OriginServerTs;
                        payload.Value = e.Payload.ToArray();
                        try
                        {
                            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                        }
                        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
                        {
                            throw DuplicateEventException.For(e.EventId, ex);
                        }
                    }

                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    return last;
                }
            },
            cancellationToken);
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

    public Task<StoredEvent?> GetByIdAsync(string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        return _database.ReadAsync(
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = ByIdSql;
                command.Parameters.AddWithValue("$id", eventId);
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadEvent(reader) : null;
                }
            },
            cancellationToken);
    }

    public Task<long> GetLastSequenceAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        return _database.ReadAsync((connection, ct) => GetLastSequenceAsync(connection, streamId, ct), cancellationToken);
    }

    private static async Task<long> GetLastSequenceAsync(SqliteConnection connection, string streamId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = LastSequenceSql;
        command.Parameters.AddWithValue("$stream", streamId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private Task<IReadOnlyList<StoredEvent>> ReadRangeAsync(string sql, string streamId, long sequence, int limit, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<StoredEvent>>(
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddWithValue("$stream", streamId);
                command.Parameters.AddWithValue("$seq", sequence);
                command.Parameters.AddWithValue("$limit", limit);
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var result = new List<StoredEvent>();
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        result.Add(ReadEvent(reader));
                    }

                    return result;
                }
            },
            cancellationToken);

    private static StoredEvent ReadEvent(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.GetInt64(6),
        reader.GetFieldValue<byte[]>(7));
}
