using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace ClawChat.Storage.Media;

/// <summary><see cref="IMediaStore"/> on PostgreSQL. The per-hash lock of <see cref="IMediaStore"/> is a
/// transaction-scoped advisory lock keyed (media class, first 32 bits of the hash): an insert that references
/// a hash and a check-and-delete of that hash serialize on it across every silo and the admin command, while
/// different hashes almost never contend.</summary>
public sealed class PostgresMediaStore : IMediaStore
{
    // "Medi" in ASCII: the advisory-lock class of media hashes. The two-int key space does not overlap the
    // single-bigint one the migrator uses.
    private const int AdvisoryLockClass = 0x4D656469;

    private const string Columns = "media_id, uploader, content_type, upload_name, size, sha256, created_ts, uploaded_ts, expires_ts";

    private const string LockSql = "SELECT pg_advisory_xact_lock($1, $2)";

    private const string InsertSql =
        "INSERT INTO media (" + Columns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (media_id) DO NOTHING";

    private const string GetSql = "SELECT " + Columns + " FROM media WHERE media_id = $1";

    private const string CompleteSql =
        "UPDATE media SET content_type = $2, upload_name = $3, size = $4, sha256 = $5, uploaded_ts = $6, expires_ts = NULL "
        + "WHERE media_id = $1 AND sha256 IS NULL";

    private const string CountPendingSql =
        "SELECT COUNT(*) FROM media WHERE uploader = $1 AND sha256 IS NULL AND (expires_ts IS NULL OR expires_ts > $2)";

    private const string ListSql = "SELECT " + Columns + " FROM media WHERE uploader = $1 ORDER BY created_ts, media_id";

    private const string DeleteByUploaderSql = "DELETE FROM media WHERE uploader = $1 RETURNING " + Columns;

    private const string DeleteExpiredSql = "DELETE FROM media WHERE sha256 IS NULL AND expires_ts IS NOT NULL AND expires_ts <= $1";

    private const string ReferencedSql = "SELECT EXISTS (SELECT 1 FROM media WHERE sha256 = $1)";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresMediaStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    public async Task<bool> TryInsertAsync(MediaRecord record, Func<CancellationToken, Task>? publishContent = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (record.Sha256 is { } sha)
        {
            await LockHashAsync(connection, transaction, sha, cancellationToken).ConfigureAwait(false);
        }

        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            insert.Parameters.Add(Text(record.MediaId));
            insert.Parameters.Add(Text(record.Uploader));
            insert.Parameters.Add(Text(record.ContentType));
            insert.Parameters.Add(Text(record.UploadName));
            insert.Parameters.Add(Bigint(record.Size));
            insert.Parameters.Add(Text(record.Sha256));
            insert.Parameters.Add(Bigint(record.CreatedTs));
            insert.Parameters.Add(Bigint(record.UploadedTs));
            insert.Parameters.Add(Bigint(record.ExpiresTs));
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        if (record.IsUploaded && publishContent is not null)
        {
            await publishContent(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<MediaRecord?> GetAsync(string mediaId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        await using var command = _dataSource.CreateCommand(GetSql);
        command.Parameters.Add(Text(mediaId));
        var records = await MediaRecordReader.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    public async Task<bool> TryCompleteUploadAsync(string mediaId, MediaContentInfo content, Func<CancellationToken, Task> publishContent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(publishContent);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockHashAsync(connection, transaction, content.Sha256, cancellationToken).ConfigureAwait(false);
        await using (var update = new NpgsqlCommand(CompleteSql, connection, transaction))
        {
            update.Parameters.Add(Text(mediaId));
            update.Parameters.Add(Text(content.ContentType));
            update.Parameters.Add(Text(content.UploadName));
            update.Parameters.Add(Bigint(content.Size));
            update.Parameters.Add(Text(content.Sha256));
            update.Parameters.Add(Bigint(content.UploadedTs));
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        await publishContent(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<int> CountPendingAsync(string uploader, long nowTs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploader);
        await using var command = _dataSource.CreateCommand(CountPendingSql);
        command.Parameters.Add(Text(uploader));
        command.Parameters.Add(Bigint(nowTs));
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<MediaRecord>> ListByUploaderAsync(string uploader, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploader);
        await using var command = _dataSource.CreateCommand(ListSql);
        command.Parameters.Add(Text(uploader));
        return await MediaRecordReader.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MediaRecord>> DeleteByUploaderAsync(string uploader, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploader);
        await using var command = _dataSource.CreateCommand(DeleteByUploaderSql);
        command.Parameters.Add(Text(uploader));
        var records = await MediaRecordReader.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        records.Sort((a, b) => a.CreatedTs != b.CreatedTs ? a.CreatedTs.CompareTo(b.CreatedTs) : string.CompareOrdinal(a.MediaId, b.MediaId));
        return records;
    }

    public async Task<int> DeleteExpiredPendingAsync(long nowTs, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(DeleteExpiredSql);
        command.Parameters.Add(Bigint(nowTs));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteContentIfUnreferencedAsync(string sha256, Func<CancellationToken, Task> deleteContent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        ArgumentNullException.ThrowIfNull(deleteContent);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockHashAsync(connection, transaction, sha256, cancellationToken).ConfigureAwait(false);
        await using (var referenced = new NpgsqlCommand(ReferencedSql, connection, transaction))
        {
            referenced.Parameters.Add(Text(sha256));
            if ((bool)(await referenced.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return false;
            }
        }

        await deleteContent(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The hash's lock key: its first 32 bits (the hex is validated by the caller's content store;
    /// anything unparsable falls back to a string hash, still deterministic across processes).</summary>
    internal static int LockKey(string sha256) =>
        sha256.Length >= 8 && int.TryParse(sha256.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var key)
            ? key
            : unchecked((int)ClawChat.Runtime.StableHash.Hash32(sha256));

    private static async Task LockHashAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sha256, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LockSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = AdvisoryLockClass });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockKey(sha256) });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Bigint(long? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };
}
