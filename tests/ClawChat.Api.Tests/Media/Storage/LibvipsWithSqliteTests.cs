using ClawChat.Grains.Media.Vips;
using ClawChat.Storage.Media;
using ClawChat.Storage.Migrations;
using ClawChat.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Api.Tests.Media.Storage;

/// <summary>Regression: with libvips initialised in the process, reading text from the bundled SQLite crashed
/// the process ("zero terminator required", then a native fault), because libvips' openslide module loaded
/// the system libsqlite3 with global symbols. <see cref="VipsLibrary"/> now keeps the modules unloaded.</summary>
public sealed class LibvipsWithSqliteTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clawchat-vips-sqlite-" + Guid.NewGuid().ToString("N"));
    private SqliteDatabase? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task SqliteTextReads_WorkAfterLibvipsStarts()
    {
        Assert.True(VipsLibrary.IsAvailable, VipsLibrary.UnavailableReason);
        _database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = Path.Combine(_directory, "db.sqlite") });
        await new SqliteMigrator(_database, NullLogger<SqliteMigrator>.Instance).MigrateAsync();
        var store = new SqliteMediaStore(_database);
        var record = new MediaRecord("m" + Guid.NewGuid().ToString("N"), "@alice:test", "image/png", "a.png", 1, new string('b', 64), 1, 1, null);

        await store.TryInsertAsync(record);

        Assert.Equal(record, await store.GetAsync(record.MediaId));
        Assert.Equal([record], await store.DeleteByUploaderAsync(record.Uploader));
    }
}
