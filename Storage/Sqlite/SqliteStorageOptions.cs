namespace ClawChat.Storage.Sqlite;

/// <summary>Embedded SQLite storage (the default backend for dev mode and small boxes).</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>Path of the database file. Required; its directory is created if missing.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>How long a writer waits for the database lock (in-process and across processes)
    /// before failing. Default: 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
