using ClawChat.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ClawChat.Storage.Media;

/// <summary><see cref="IMediaStore"/> on the embedded SQLite database. Writes run on the writer connection
/// inside BEGIN IMMEDIATE, which holds the database write lock: that lock is the per-hash lock of
/// <see cref="IMediaStore"/> (coarser, but media writes are rare and short), and it also covers another
/// process on the same file, such as the <c>delete-user-media</c> admin command.</summary>
public sealed class SqliteMediaStore : IMediaStore
{
    private const string Columns = "media_id, uploader, content_type, upload_name, size, sha256, created_ts, uploaded_ts, expires_ts";

    private const string InsertSql =
        "INSERT INTO media (" + Columns + ") VALUES ($id, $uploader, $type, $name, $size, $sha, $created, $uploaded, $expires) "
        + "ON CONFLICT (media_id) DO NOTHING";

    private const string GetSql = "SELECT " + Columns + " FROM media WHERE media_id = $id";

    private const string CompleteSql =
        "UPDATE media SET content_type = $type, upload_name = $name, size = $size, sha256 = $sha, uploaded_ts = $uploaded, expires_ts = NULL "
        + "WHERE media_id = $id AND sha256 IS NULL";

    private const string CountPendingSql =
        "SELECT COUNT(*) FROM media WHERE uploader = $uploader AND sha256 IS NULL AND (expires_ts IS NULL OR expires_ts > $now)";

    private const string ListSql = "SELECT " + Columns + " FROM media WHERE uploader = $uploader ORDER BY created_ts, media_id";

    private const string DeleteByUploaderSql = "DELETE FROM media WHERE uploader = $uploader";

    private const string DeleteExpiredSql = "DELETE FROM media WHERE sha256 IS NULL AND expires_ts IS NOT NULL AND expires_ts <= $now";

    private const string ReferencedSql = "SELECT EXISTS (SELECT 1 FROM media WHERE sha256 = $sha)";

    private readonly SqliteDatabase _database;

    public SqliteMediaStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public Task<bool> TryInsertAsync(MediaRecord record, Func<CancellationToken, Task>? publishContent = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return InTransactionAsync(
            async (connection, ct) =>
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = InsertSql;
                insert.Parameters.AddWithValue("$id", record.MediaId);
                insert.Parameters.AddWithValue("$uploader", record.Uploader);
                insert.Parameters.AddWithValue("$type", (object?)record.ContentType ?? DBNull.Value);
                insert.Parameters.AddWithValue("$name", (object?)record.UploadName ?? DBNull.Value);
                insert.Parameters.AddWithValue("$size", (object?)record.Size ?? DBNull.Value);
                insert.Parameters.AddWithValue("$sha", (object?)record.Sha256 ?? DBNull.Value);
                insert.Parameters.AddWithValue("$created", record.CreatedTs);
                insert.Parameters.AddWithValue("$uploaded", (object?)record.UploadedTs ?? DBNull.Value);
                insert.Parameters.AddWithValue("$expires", (object?)record.ExpiresTs ?? DBNull.Value);
                if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                {
                    return false;
                }

                if (record.IsUploaded && publishContent is not null)
                {
                    await publishContent(ct).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken);
    }

    public Task<MediaRecord?> GetAsync(string mediaId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        return _database.ReadAsync(
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = GetSql;
                command.Parameters.AddWithValue("$id", mediaId);
                var records = await MediaRecordReader.ReadAllAsync(command, ct).ConfigureAwait(false);
                return records.Count == 0 ? null : records[0];
            },
            cancellationToken);
    }

    public Task<bool> TryCompleteUploadAsync(string mediaId, MediaContentInfo content, Func<CancellationToken, Task> publishContent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(publishContent);
        return InTransactionAsync(
            async (connection, ct) =>
            {
                using var update = connection.CreateCommand();
                update.CommandText = CompleteSql;
                update.Parameters.AddWithValue("$id", mediaId);
                update.Parameters.AddWithValue("$type", (object?)content.ContentType ?? DBNull.Value);
                update.Parameters.AddWithValue("$name", (object?)content.UploadName ?? DBNull.Value);
                update.Parameters.AddWithValue("$size", content.Size);
                update.Parameters.AddWithValue("$sha", content.Sha256);
                update.Parameters.AddWithValue("$uploaded", content.UploadedTs);
                if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                {
                    return false;
                }

                await publishContent(ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    public Task<int> CountPendingAsync(string uploader, long nowTs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploader);
        return _database.ReadAsync(
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = CountPendingSql;
                command.Parameters.AddWithValue("$uploader", uploader);
                command.Parameters.AddWithValue("$now", nowTs);
                return (int)(long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<MediaRecord>> ListByUploaderAsync(string uploader, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploader);
        return _database.ReadAsync(
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = ListSql;
                command.Parameters.AddWithValue("$uploader", uploader);
                return (IReadOnlyList<MediaRecord>)await MediaRecordReader.ReadAllAsync(command, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<MediaRecord>> DeleteByUploaderAsync(string uploader, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploader);
        return InTransactionAsync<IReadOnlyList<MediaRecord>>(
            async (connection, ct) =>
            {
                List<MediaRecord> records;
                using (var list = connection.CreateCommand())
                {
                    list.CommandText = ListSql;
                    list.Parameters.AddWithValue("$uploader", uploader);
                    records = await MediaRecordReader.ReadAllAsync(list, ct).ConfigureAwait(false);
                }

                using var delete = connection.CreateCommand();
                delete.CommandText = DeleteByUploaderSql;
                delete.Parameters.AddWithValue("$uploader", uploader);
                await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                return records;
            },
            cancellationToken);
    }

    public Task<int> DeleteExpiredPendingAsync(long nowTs, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (connection, ct) =>
            {
                using var delete = connection.CreateCommand();
                delete.CommandText = DeleteExpiredSql;
                delete.Parameters.AddWithValue("$now", nowTs);
                return await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<bool> DeleteContentIfUnreferencedAsync(string sha256, Func<CancellationToken, Task> deleteContent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        ArgumentNullException.ThrowIfNull(deleteContent);
        return InTransactionAsync(
            async (connection, ct) =>
            {
                using var referenced = connection.CreateCommand();
                referenced.CommandText = ReferencedSql;
                referenced.Parameters.AddWithValue("$sha", sha256);
                if ((long)(await referenced.ExecuteScalarAsync(ct).ConfigureAwait(false))! != 0)
                {
                    return false;
                }

                await deleteContent(ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in BEGIN IMMEDIATE on the writer connection and commits; an
    /// exception rolls back (the transaction is disposed uncommitted).</summary>
    private Task<T> InTransactionAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            async (connection, ct) =>
            {
                var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await work(connection, ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    return result;
                }
            },
            cancellationToken);
}
