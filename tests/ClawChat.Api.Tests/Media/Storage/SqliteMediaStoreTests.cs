using ClawChat.Storage.Media;
using ClawChat.Storage.Migrations;
using ClawChat.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Api.Tests.Media.Storage;

public sealed class SqliteMediaStoreTests : MediaStoreContractTests, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clawchat-media-sqlite-" + Guid.NewGuid().ToString("N"));
    private SqliteDatabase? _database;
    private SqliteMediaStore? _store;

    protected override IMediaStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = Path.Combine(_directory, "media.db") });
        await new SqliteMigrator(_database, NullLogger<SqliteMigrator>.Instance).MigrateAsync();
        _store = new SqliteMediaStore(_database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
