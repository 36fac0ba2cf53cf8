using Npgsql;

namespace ClawChat.Testing;

/// <summary>A fresh database on the test PostgreSQL server (CLAWCHAT_TEST_POSTGRES, started by ./test.sh).</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly string _name;

    private PostgresDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static string RequireConnectionString() =>
        Environment.GetEnvironmentVariable("CLAWCHAT_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("CLAWCHAT_TEST_POSTGRES is not set: run ./test.sh (it starts PostgreSQL) or point it at a server where tests may create databases.");

    public static async Task<PostgresDatabase> CreateAsync(string adminConnectionString)
    {
        var name = "clawchat_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name };
        return new PostgresDatabase(adminConnectionString, name, builder.ConnectionString);
    }

    public async Task<bool> TableExistsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", connection);
        command.Parameters.AddWithValue("t", table);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
