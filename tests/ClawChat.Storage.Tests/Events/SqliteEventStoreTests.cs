using ClawChat.Storage.Events;
using ClawChat.Storage.Tests.Infrastructure;

namespace ClawChat.Storage.Tests.Events;

public sealed class SqliteEventStoreTests : EventStoreContractTests
{
    private SqliteTestDatabase? _database;

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<IEventStore> CreateStoreAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        return new SqliteEventStore(_database.Database);
    }
}
