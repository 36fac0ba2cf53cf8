using Npgsql;

namespace ClawChat.Storage.Postgres;

/// <summary>Builds the process's single <see cref="NpgsqlDataSource"/> (it owns the connection pool).</summary>
public static class PostgresDataSourceFactory
{
    public static NpgsqlDataSource Create(PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        return builder.Build();
    }
}
