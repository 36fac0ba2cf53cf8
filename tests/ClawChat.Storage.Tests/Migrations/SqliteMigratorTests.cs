using ClawChat.Storage.Migrations;
using ClawChat.Storage.Sqlite;
using ClawChat.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Storage.Tests.Migrations;

public sealed class SqliteMigratorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task Migrate_AppliesEveryMigrationInOrder_OnEmptyDatabase()
    {
        await using var database = NewDatabase();

        var applied = await NewMigrator(database).MigrateAsync();

        Assert.Equal(SqliteMigrations.All.Select(m => m.Version), applied);
        Assert.Equal(SqliteMigrations.All.Select(m => (long)m.Version), await ReadVersionsAsync(database));
    }

    [Fact]
    public async Task Migrate_IsNoOp_WhenRunTwice()
    {
        await using var database = NewDatabase();
        await NewMigrator(database).MigrateAsync();

        var applied = await NewMigrator(database).MigrateAsync();

        Assert.Empty(applied);
        Assert.Equal(SqliteMigrations.All.Select(m => (long)m.Version), await ReadVersionsAsync(database));
    }

    [Fact]
    public async Task Migrate_AppliesOnlyNewMigrations_WhenSchemaIsBehind()
    {
        await using var database = NewDatabase();
        await new SqliteMigrator(database, SqliteMigrations.All.Take(1).ToList(), NullLogger<SqliteMigrator>.Instance).MigrateAsync();

        var applied = await NewMigrator(database).MigrateAsync();

        Assert.Equal(SqliteMigrations.All.Skip(1).Select(m => m.Version), applied);
    }

    [Fact]
    public async Task Migrate_LeavesSchemaUnchanged_WhenAMigrationFails()
    {
        await using var database = NewDatabase();
        List<Migration> broken = [SqliteMigrations.All[0], new(2, "broken", "CREATE TABLE nonsense (")];

        await Assert.ThrowsAsync<SqliteException>(() => new SqliteMigrator(database, broken, NullLogger<SqliteMigrator>.Instance).MigrateAsync());

        Assert.Empty(await ReadVersionsAsync(database));
    }

    [Fact]
    public async Task Migrate_Succeeds_WhenTwoProcessesMigrateOneFileConcurrently()
    {
        // Two SqliteDatabase instances stand in for two processes: they share only the file.
        await using var first = NewDatabase();
        await using var second = NewDatabase();

        var results = await Task.WhenAll(
            Task.Run(() => NewMigrator(first).MigrateAsync()),
            Task.Run(() => NewMigrator(second).MigrateAsync()));

        Assert.Equal(SqliteMigrations.All.Count, results.Sum(r => r.Count));
        Assert.Equal(SqliteMigrations.All.Select(m => (long)m.Version), await ReadVersionsAsync(first));
    }

    [Fact]
    public void Database_CreatesMissingDirectory()
    {
        var path = Path.Combine(_directory.Path, "nested", "deeper", "clawchat.db");

        using var database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = path });

        Assert.True(Directory.Exists(Path.GetDirectoryName(path)));
    }

    private static SqliteMigrator NewMigrator(SqliteDatabase database) => new(database, NullLogger<SqliteMigrator>.Instance);

    private static Task<List<long>> ReadVersionsAsync(SqliteDatabase database) =>
        database.ReadAsync(
            async (connection, ct) =>
            {
                using var exists = connection.CreateCommand();
                exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
                if ((long)(await exists.ExecuteScalarAsync(ct))! == 0)
                {
                    return new List<long>();
                }

                using var command = connection.CreateCommand();
                command.CommandText = "SELECT version FROM schema_version ORDER BY version";
                using var reader = await command.ExecuteReaderAsync(ct);
                var versions = new List<long>();
                while (await reader.ReadAsync(ct))
                {
                    versions.Add(reader.GetInt64(0));
                }

                return versions;
            },
            default);

    private SqliteDatabase NewDatabase() => new(new SqliteStorageOptions { DatabasePath = Path.Combine(_directory.Path, "clawchat.db") });
}
