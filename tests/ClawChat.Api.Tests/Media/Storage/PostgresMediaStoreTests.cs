using ClawChat.Storage.Media;
using ClawChat.Storage.Migrations;
using ClawChat.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClawChat.Api.Tests.Media.Storage;

/// <summary>Against the test PostgreSQL server (CLAWCHAT_TEST_POSTGRES, started by ./test.sh); fails with
/// instructions when it is not set.</summary>
public sealed class PostgresMediaStoreTests : MediaStoreContractTests, IAsyncLifetime
{
    private PostgresDatabase? _database;
    private NpgsqlDataSource? _dataSource;
    private PostgresMediaStore? _store;

    protected override IMediaStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync(PostgresDatabase.RequireConnectionString());
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await new PostgresMigrator(_dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync();
        _store = new PostgresMediaStore(_dataSource);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConcurrentCompletions_OfOneId_PublishExactlyOnce()
    {
        var id = Guid.NewGuid().ToString("N");
        await Store.TryInsertAsync(new MediaRecord(id, "@alice:test", null, null, null, null, 1, null, long.MaxValue));
        var published = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Store.TryCompleteUploadAsync(
            id,
            new MediaContentInfo(new string((char)('a' + i), 64), i, null, null, 2),
            _ => { Interlocked.Increment(ref published); return Task.CompletedTask; })));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(1, published);
    }
}
