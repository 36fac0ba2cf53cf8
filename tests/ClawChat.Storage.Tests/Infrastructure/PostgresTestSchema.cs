using ClawChat.Storage.Postgres;
using Npgsql;

namespace ClawChat.Storage.Tests.Infrastructure;

/// <summary>A throw-away schema; dropped with everything in it on dispose.</summary>
internal sealed class PostgresTestSchema : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    public PostgresTestSchema(string name, string adminConnectionString, string connectionString)
    {
        Name = name;
        _adminConnectionString = adminConnectionString;
        ConnectionString = connectionString;
        DataSource = PostgresDataSourceFactory.Create(new PostgresStorageOptions { ConnectionString = connectionString });
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var admin = NpgsqlDataSource.Create(_adminConnectionString);
        await using var command = admin.CreateCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE");
        await command.ExecuteNonQueryAsync();
    }
}
