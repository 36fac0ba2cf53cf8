using ClawChat.Storage.Events;

namespace ClawChat.Storage.Tests.Events;

public sealed class InMemoryEventStoreTests : EventStoreContractTests
{
    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(new InMemoryEventStore());
}
