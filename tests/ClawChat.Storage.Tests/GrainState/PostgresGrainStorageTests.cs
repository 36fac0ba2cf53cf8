using ClawChat.Runtime.Storage;
using ClawChat.Storage.GrainState;
using ClawChat.Storage.Tests.Infrastructure;

namespace ClawChat.Storage.Tests.GrainState;

public sealed class PostgresGrainStorageTests : GrainStorageContractTests, IClassFixture<PostgresSchemaFixture>
{
    private readonly PostgresSchemaFixture _fixture;

    public PostgresGrainStorageTests(PostgresSchemaFixture fixture)
    {
        _fixture = fixture;
    }

    protected override Task<IGrainStorage> CreateStorageAsync() =>
        Task.FromResult<IGrainStorage>(new PostgresGrainStorage(_fixture.DataSource, new GrainStorageOptions()));
}
