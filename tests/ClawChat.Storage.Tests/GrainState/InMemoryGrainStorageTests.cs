using ClawChat.Runtime.Storage;
using ClawChat.Storage.GrainState;

namespace ClawChat.Storage.Tests.GrainState;

public sealed class InMemoryGrainStorageTests : GrainStorageContractTests
{
    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(new InMemoryGrainStorage());
}
