using Npgsql;

namespace ClawChat.Storage.Tests.Infrastructure;

/// <summary>The PostgreSQL server the tests run against, named by CLAWCHAT_TEST_POSTGRES. Tests never share
/// tables: each test class (or test) gets its own fresh schema.</summary>
internal static class PostgresTestServer
{
    public const string EnvironmentVariable = "CLAWCHAT_TEST_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"PostgreSQL tests need a server: run the repo's test script (./test.sh), which starts one, or set {EnvironmentVariable} "
                + "to an Npgsql connection string for a server where the tests may CREATE SCHEMA "
                + "(e.g. \"Host=127.0.0.1;Port=25433;Username=postgres;Database=postgres\").");

    /// <summary>Creates a schema with a random name and returns a connection string whose search_path is it.</summary>
    public static async Task<PostgresTestSchema> CreateSchemaAsync()
    {
        var name = "clawchat_test_" + Guid.NewGuid().ToString("N");
        var baseConnectionString = ConnectionString;
        await using (var admin = NpgsqlDataSource.Create(baseConnectionString))
        await using (var command = admin.CreateCommand($"CREATE SCHEMA {name}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(baseConnectionString) { SearchPath = name };
        return new PostgresTestSchema(name, baseConnectionString, builder.ConnectionString);
    }
}
