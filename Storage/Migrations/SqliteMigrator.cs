using ClawChat.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ClawChat.Storage.Migrations;

/// <summary>Applies <see cref="SqliteMigrations"/> in one BEGIN IMMEDIATE transaction on the writer
/// connection: the database write lock serializes concurrent starters, in-process or not.</summary>
public sealed partial class SqliteMigrator : IStorageMigrator
{
    private const string PrepareSql = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        """;

    private readonly SqliteDatabase _database;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger _logger;

    public SqliteMigrator(SqliteDatabase database, ILogger<SqliteMigrator> logger)
        : this(database, SqliteMigrations.All, logger)
    {
    }

    public SqliteMigrator(SqliteDatabase database, IReadOnlyList<Migration> migrations, ILogger<SqliteMigrator> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(logger);
        _database = database;
        _migrations = migrations;
        _logger = logger;
    }

    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var (current, applied) = await _database.WriteAsync(
            async (connection, ct) =>
            {
                var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await ExecuteAsync(connection, PrepareSql, ct).ConfigureAwait(false);
                    using var select = connection.CreateCommand();
                    select.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
                    var current = (long)(await select.ExecuteScalarAsync(ct).ConfigureAwait(false))!;

                    var applied = new List<int>();
                    foreach (var migration in _migrations.Where(m => m.Version > current).OrderBy(m => m.Version))
                    {
                        await ExecuteAsync(connection, migration.Sql, ct).ConfigureAwait(false);
                        using var record = connection.CreateCommand();
                        record.CommandText = "INSERT INTO schema_version (version, name) VALUES ($version, $name)";
                        record.Parameters.AddWithValue("$version", migration.Version);
                        record.Parameters.AddWithValue("$name", migration.Name);
                        await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                        applied.Add(migration.Version);
                    }

                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    return ((int)current, (IReadOnlyList<int>)applied);
                }
            },
            cancellationToken).ConfigureAwait(false);

        foreach (var version in applied)
        {
            Log.MigrationApplied(_logger, version);
        }

        Log.SchemaCurrent(_logger, applied.Count > 0 ? applied[^1] : current);
        return applied;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "SQLite schema migration {Version} applied")]
        public static partial void MigrationApplied(ILogger logger, int version);

        [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "SQLite schema is at version {Version}")]
        public static partial void SchemaCurrent(ILogger logger, int version);
    }
}
