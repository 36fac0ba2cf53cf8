using ClawChat.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClawChat.Storage.Tests.Infrastructure;

/// <summary>One migrated schema per test class; tests inside the class use fresh random keys.</summary>
public sealed class PostgresSchemaFixture : IAsyncLifetime
{
    private PostgresTestSchema? _schema;

    public NpgsqlDataSource DataSource => _schema?.DataSource ?? throw new InvalidOperationException("Fixture not initialized.");

    public async Task InitializeAsync()
    {
        _schema = await PostgresTestServer.CreateSchemaAsync();
        await new PostgresMigrator(_schema.DataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
