using ClawChat.Runtime.Storage;
using ClawChat.Storage.GrainState;
using ClawChat.Storage.Tests.Infrastructure;

namespace ClawChat.Storage.Tests.GrainState;

public sealed class SqliteGrainStorageTests : GrainStorageContractTests
{
    private SqliteTestDatabase? _database;

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        return new SqliteGrainStorage(_database.Database, new GrainStorageOptions());
    }
}
