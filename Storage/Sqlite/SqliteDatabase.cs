using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ClawChat.Storage.Sqlite;

/// <summary>Connections to one SQLite database file.
/// Locking rule: SQLite allows one writer at a time, so every write in this process goes through a single
/// long-lived writer connection guarded by <see cref="_writeLock"/>; waiting there is cheaper and fairer than
/// spinning on SQLITE_BUSY. Reads open their own (pooled) connections and, in WAL mode, never block on or
/// behind the writer. Other processes on the same file are serialized by SQLite's lock plus busy_timeout.</summary>
public sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private static readonly Lazy<bool> NativeInit = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private SqliteConnection? _writer;
    private bool _disposed;

    public SqliteDatabase(SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath);
        _ = NativeInit.Value;
        var fullPath = Path.GetFullPath(options.DatabasePath);
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _busyTimeout = options.BusyTimeout;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY for up to the command timeout (seconds).
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    /// <summary>Runs <paramref name="work"/> on a fresh reader connection.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the writer connection, holding the process-wide write lock.
    /// The wait is bounded by <see cref="SqliteStorageOptions.BusyTimeout"/>.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!await _writeLock.WaitAsync(_busyTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException($"Timed out after {_busyTimeout} waiting for the SQLite write lock.");
        }

        try
        {
            var writer = _writer ??= await OpenWriterAsync(cancellationToken).ConfigureAwait(false);
            return await work(writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        _writeLock.Dispose();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writer?.Dispose();
        _writeLock.Dispose();
    }

    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            // WAL: readers do not block the writer nor the writer them; the mode is persistent in the file.
            // synchronous=NORMAL is durable across process crashes in WAL mode (only an OS crash can lose
            // the last commits) and avoids an fsync per commit.
            pragma.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={(long)_busyTimeout.TotalMilliseconds};");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
