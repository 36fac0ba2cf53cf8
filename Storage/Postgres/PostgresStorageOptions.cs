namespace ClawChat.Storage.Postgres;

/// <summary>PostgreSQL storage (cluster mode).</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>Npgsql connection string. Required. When it sets no <c>Max Auto Prepare</c>, 32 is used so
    /// the storage statements are prepared server-side after a few executions.</summary>
    public string ConnectionString { get; set; } = "";
}
