using ClawChat.Runtime.Storage;
using ClawChat.Storage.Events;
using ClawChat.Storage.GrainState;
using ClawChat.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClawChat.Storage.Tests;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task AddSqliteStorage_MigratesOnStart_SoStoresWorkImmediately()
    {
        var path = Path.Combine(_directory.Path, "data", "clawchat.db");
        using var host = BuildHost(services => services.AddSqliteStorage(path));

        await host.StartAsync();
        var last = await host.Services.GetRequiredService<IEventStore>()
            .AppendAsync("!room:test", 0, [new NewEvent("$e", "m.room.create", "", "@a:test", 1, "{}"u8.ToArray())]);
        await host.StopAsync();

        Assert.Equal(1, last);
        Assert.IsType<SqliteGrainStorage>(host.Services.GetRequiredService<IGrainStorage>());
    }

    [Fact]
    public async Task AddSqliteStorage_FailsStart_WhenPathIsEmpty()
    {
        using var host = BuildHost(services => services.AddSqliteStorage(""));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("DatabasePath", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgresStorage_FailsStart_WhenConnectionStringIsEmpty()
    {
        using var host = BuildHost(services => services.AddPostgresStorage(""));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ConnectionString", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgresStorage_MigratesOnStart_SoStoresWorkImmediately()
    {
        await using var schema = await PostgresTestServer.CreateSchemaAsync();
        using var host = BuildHost(services => services.AddPostgresStorage(schema.ConnectionString));

        await host.StartAsync();
        var last = await host.Services.GetRequiredService<IEventStore>()
            .AppendAsync("!room:test", 0, [new NewEvent("$e", "m.room.create", "", "@a:test", 1, "{}"u8.ToArray())]);
        await host.StopAsync();

        Assert.Equal(1, last);
        Assert.IsType<PostgresGrainStorage>(host.Services.GetRequiredService<IGrainStorage>());
    }

    [Fact]
    public void AddInMemoryStorage_RegistersInMemoryStores()
    {
        using var provider = new ServiceCollection().AddInMemoryStorage().BuildServiceProvider();

        Assert.IsType<InMemoryGrainStorage>(provider.GetRequiredService<IGrainStorage>());
        Assert.IsType<InMemoryEventStore>(provider.GetRequiredService<IEventStore>());
    }

    private static IHost BuildHost(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configure(builder.Services);
        return builder.Build();
    }
}
