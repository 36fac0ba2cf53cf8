using ClawChat.Storage.Migrations;
using ClawChat.Storage.Postgres;
using ClawChat.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClawChat.Storage.Tests.Migrations;

/// <summary>Each test migrates its own fresh, empty schema.</summary>
public sealed class PostgresMigratorTests : IAsyncLifetime
{
    private PostgresTestSchema? _schema;

    private PostgresTestSchema Schema => _schema ?? throw new InvalidOperationException("Schema not created.");

    public async Task InitializeAsync() => _schema = await PostgresTestServer.CreateSchemaAsync();

    public async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    [Fact]
    public async Task Migrate_AppliesEveryMigrationInOrder_OnEmptySchema()
    {
        var applied = await NewMigrator(Schema.DataSource).MigrateAsync();

        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), applied);
        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), await ReadVersionsAsync());
    }

    [Fact]
    public async Task Migrate_IsNoOp_WhenRunTwice()
    {
        await NewMigrator(Schema.DataSource).MigrateAsync();

        var applied = await NewMigrator(Schema.DataSource).MigrateAsync();

        Assert.Empty(applied);
        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), await ReadVersionsAsync());
    }

    [Fact]
    public async Task Migrate_LeavesSchemaUnchanged_WhenAMigrationFails()
    {
        List<Migration> broken = [PostgresMigrations.All[0], new(2, "broken", "CREATE TABLE nonsense (")];

        await Assert.ThrowsAsync<PostgresException>(() => new PostgresMigrator(Schema.DataSource, broken, NullLogger<PostgresMigrator>.Instance).MigrateAsync());

        Assert.Empty(await ReadVersionsAsync());
    }

    [Fact]
    public async Task Migrate_AppliesEachMigrationOnce_WhenProcessesStartConcurrently()
    {
        // One data source per simulated process: separate pools, as separate processes would have.
        var sources = Enumerable.Range(0, 4)
            .Select(_ => PostgresDataSourceFactory.Create(new PostgresStorageOptions { ConnectionString = Schema.ConnectionString }))
            .ToList();
        try
        {
            var results = await Task.WhenAll(sources.Select(s => Task.Run(() => NewMigrator(s).MigrateAsync())));

            Assert.Equal(PostgresMigrations.All.Count, results.Sum(r => r.Count));
            Assert.Equal(PostgresMigrations.All.Select(m => m.Version), await ReadVersionsAsync());
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    private static PostgresMigrator NewMigrator(NpgsqlDataSource dataSource) => new(dataSource, NullLogger<PostgresMigrator>.Instance);

    private async Task<List<int>> ReadVersionsAsync()
    {
        await using var command = Schema.DataSource.CreateCommand(
            "SELECT version FROM schema_version WHERE to_regclass('schema_version') IS NOT NULL ORDER BY version");
        var versions = new List<int>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                versions.Add(reader.GetInt32(0));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No migration ever committed: the table does not exist.
        }

        return versions;
    }
}
