using System.Globalization;

namespace ClawChat.Runtime.Redis;

/// <summary>
/// Settings of <see cref="RedisClient"/> and <see cref="PubSub.RedisSubscriber"/> (configuration section
/// <c>ClawChat:Redis</c>). Build from a connection string with <see cref="Parse"/>:
/// <code>host:port[,password=...][,user=...][,db=N][,connectTimeout=ms][,commandTimeout=ms]</code>
/// e.g. <c>127.0.0.1:6379,password=s3cret,db=2,commandTimeout=2000</c>. Keys are case-insensitive;
/// the port defaults to 6379; values may not contain commas.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>Server host name or IP address. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Server TCP port. Default 6379.</summary>
    public int Port { get; set; } = 6379;

    /// <summary>ACL user name for <c>AUTH user password</c>; null sends <c>AUTH password</c>. Default null.</summary>
    public string? User { get; set; }

    /// <summary>Password sent with <c>AUTH</c> on every (re)connect; null skips AUTH. Default null. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Database selected with <c>SELECT</c> on every (re)connect. Default 0.</summary>
    public int Database { get; set; }

    /// <summary>Limit for TCP connect plus AUTH/SELECT handshake. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Default limit from issuing a command to its reply, including any wait for a reconnect. Default 5 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Commands queued or awaiting replies beyond which new commands are rejected with <see cref="RedisQueueFullException"/>. Default 65,536.</summary>
    public int MaxPendingCommands { get; set; } = 65_536;

    /// <summary>First delay between reconnect attempts; doubles per failed attempt. Default 50 ms.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Cap of the reconnect delay (before jitter of up to −50 %). Default 2 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Parses a connection string (format in the class summary).</summary>
    /// <exception cref="FormatException">An element is malformed or unknown.</exception>
    public static RedisOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new RedisOptions();
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        ParseEndPoint(parts[0], options);

        foreach (var part in parts.AsSpan(1))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new FormatException($"Redis connection string element '{Redact(part)}' is not key=value.");
            string key = part[..eq].Trim();
            string value = part[(eq + 1)..].Trim();
            switch (key.ToLowerInvariant())
            {
                case "password":
                    options.Password = value;
                    break;
                case "user":
                    options.User = value;
                    break;
                case "db":
                    options.Database = ParseInt(key, value);
                    break;
                case "connecttimeout":
                    options.ConnectTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value));
                    break;
                case "commandtimeout":
                    options.CommandTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value));
                    break;
                default:
                    throw new FormatException($"Unknown Redis connection string key '{key}'.");
            }
        }

        return options;
    }

    /// <summary>The connection string form of these options with the password redacted, for logs.</summary>
    public override string ToString()
    {
        var text = $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
        if (User is not null)
            text += ",user=" + User;
        if (Password is not null)
            text += ",password=***";
        return text + string.Create(
            CultureInfo.InvariantCulture,
            $",db={Database},connectTimeout={(long)ConnectTimeout.TotalMilliseconds},commandTimeout={(long)CommandTimeout.TotalMilliseconds}");
    }

    internal RedisOptions Clone() => (RedisOptions)MemberwiseClone();

    private static void ParseEndPoint(string endPoint, RedisOptions options)
    {
        if (endPoint.Contains('=', StringComparison.Ordinal))
            throw new FormatException("A Redis connection string starts with host[:port].");

        int colon = endPoint.LastIndexOf(':');
        bool bracketedIpv6 = endPoint.StartsWith('[') && endPoint.EndsWith(']');
        if (colon < 0 || bracketedIpv6)
        {
            options.Host = endPoint.Trim('[', ']');
            return;
        }

        options.Host = endPoint[..colon].Trim('[', ']');
        options.Port = ParseInt("port", endPoint[(colon + 1)..]);
    }

    private static int ParseInt(string key, string value)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result)
            ? result
            : throw new FormatException($"Redis connection string key '{key}' has non-integer value '{value}'.");

    private static string Redact(string part)
        => part.StartsWith("password", StringComparison.OrdinalIgnoreCase) ? "password=***" : part;
}
