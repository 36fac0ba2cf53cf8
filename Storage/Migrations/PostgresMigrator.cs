using Microsoft.Extensions.Logging;
using Npgsql;

namespace ClawChat.Storage.Migrations;

/// <summary>Applies <see cref="PostgresMigrations"/> in one transaction. Several processes may start at
/// once: each takes a transaction-scoped advisory lock first, so they run one after another and the
/// later ones find nothing to do. The schema_version table lives in the connection's search_path schema.</summary>
public sealed partial class PostgresMigrator : IStorageMigrator
{
    // Arbitrary constant shared by every ClawChat process ("ClawChat" in ASCII); advisory locks are per database.
    private const long AdvisoryLockKey = 0x436C6177_43686174;

    private const string CreateVersionTableSql = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger _logger;

    public PostgresMigrator(NpgsqlDataSource dataSource, ILogger<PostgresMigrator> logger)
        : this(dataSource, PostgresMigrations.All, logger)
    {
    }

    public PostgresMigrator(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, ILogger<PostgresMigrator> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = dataSource;
        _migrations = migrations;
        _logger = logger;
    }

    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Held until commit or rollback; taken before anything else so even the first CREATE TABLE
        // cannot race another starter.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(CreateVersionTableSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var select = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction))
        {
            current = (int)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var applied = new List<int>();
        foreach (var migration in _migrations.Where(m => m.Version > current).OrderBy(m => m.Version))
        {
            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES ($1, $2)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            applied.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var version in applied)
        {
            Log.MigrationApplied(_logger, version);
        }

        Log.SchemaCurrent(_logger, applied.Count > 0 ? applied[^1] : current);
        return applied;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "PostgreSQL schema migration {Version} applied")]
        public static partial void MigrationApplied(ILogger logger, int version);

        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "PostgreSQL schema is at version {Version}")]
        public static partial void SchemaCurrent(ILogger logger, int version);
    }
}
