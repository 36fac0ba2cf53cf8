using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.Options;

namespace ClawChat.Silo.Hosting;

/// <summary>Logs the effective configuration once at start-up, with secrets redacted (Orleans' OptionsLogger idea).</summary>
internal sealed partial class StartupReporter(IOptions<ClawChatOptions> options, ILogger<StartupReporter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        var storage = string.IsNullOrWhiteSpace(value.Storage.Postgres)
            ? $"SQLite at {value.SqlitePath}"
            : $"PostgreSQL ({Redact(value.Storage.Postgres)})";
        Log.Started(logger, value.ServerName, storage);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Keeps host, port and database of a connection string; drops everything else (passwords).</summary>
    internal static string Redact(string connectionString)
    {
        var kept = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].Trim().ToLowerInvariant() is "host" or "server" or "port" or "database" or "username" or "user id")
            .Select(kv => $"{kv[0].Trim()}={kv[1].Trim()}");
        return string.Join(';', kept);
    }

    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Information, "ClawChat silo for server name {ServerName}; storage: {Storage}")]
        public static partial void Started(ILogger logger, string serverName, string storage);
    }
}
