using ClawChat.Storage.Migrations;
using ClawChat.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Storage.Tests.Infrastructure;

/// <summary>A migrated SQLite database in its own temp directory (one per test: creating one takes milliseconds).</summary>
internal sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();

    private SqliteTestDatabase()
    {
        DatabasePath = System.IO.Path.Combine(_directory.Path, "clawchat.db");
        Database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = DatabasePath });
    }

    public string DatabasePath { get; }

    public SqliteDatabase Database { get; }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var db = new SqliteTestDatabase();
        await new SqliteMigrator(db.Database, NullLogger<SqliteMigrator>.Instance).MigrateAsync();
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        // Pooled reader connections keep the file open; release them before deleting it.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
