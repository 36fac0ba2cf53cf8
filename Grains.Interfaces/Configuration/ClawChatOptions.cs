namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>Top-level configuration (section <c>ClawChat</c>; environment variables <c>ClawChat__Key</c>).</summary>
public sealed class ClawChatOptions
{
    public const string SectionName = "ClawChat";

    /// <summary>The Matrix server name: the part after ':' in user ids and room ids. Default <c>localhost</c>.</summary>
    public string ServerName { get; set; } = "localhost";

    /// <summary>Where the embedded database and media live. Default <c>./data</c> (relative to the working directory).</summary>
    public string DataDirectory { get; set; } = "./data";

    public StorageSection Storage { get; set; } = new();

    /// <summary>The URL clients reach this server at (<c>/.well-known/matrix/client</c> <c>base_url</c>, login's
    /// <c>well_known</c>), e.g. <c>https://matrix.example.org</c>. Default unset: the scheme and host of the
    /// request being answered, which is right whenever the server is reached directly or through a proxy
    /// that keeps the Host header.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Largest accepted request body in bytes. Default 10 MB.</summary>
    public long MaxRequestBytes { get; set; } = 10 * 1024 * 1024;

    public sealed class StorageSection
    {
        /// <summary>An Npgsql connection string; when set, PostgreSQL is used instead of embedded SQLite.</summary>
        public string? Postgres { get; set; }
    }

    /// <summary>The SQLite database file under <see cref="DataDirectory"/>.</summary>
    public string SqlitePath => Path.Combine(Path.GetFullPath(DataDirectory), "clawchat.db");
}
