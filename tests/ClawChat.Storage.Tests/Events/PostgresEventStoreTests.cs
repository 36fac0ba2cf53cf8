using ClawChat.Storage.Events;
using ClawChat.Storage.Tests.Infrastructure;

namespace ClawChat.Storage.Tests.Events;

public sealed class PostgresEventStoreTests : EventStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    private readonly PostgresSchemaFixture _fixture;

    public PostgresEventStoreTests(PostgresSchemaFixture fixture)
    {
        _fixture = fixture;
    }

    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(new PostgresEventStore(_fixture.DataSource));
}
