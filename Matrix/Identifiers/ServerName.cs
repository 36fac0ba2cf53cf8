using System.Diagnostics.CodeAnalysis;

namespace ClawChat.Matrix.Identifiers;

/// <summary>
/// A Matrix server name: <c>hostname [":" port]</c> where hostname is a DNS name, an IPv4 dotted quad
/// or a bracketed IPv6 literal (DIGEST §1; spec appendix "Server Name"). Compared case-sensitively.
/// </summary>
public readonly record struct ServerName
{
    private const int MaxDnsNameLength = 255;

    private ServerName(string value, int hostLength, int? port)
    {
        Value = value;
        _hostLength = hostLength;
        Port = port;
    }

    private readonly int _hostLength;

    /// <summary>The full server name as written, including any port.</summary>
    public string Value { get; }

    /// <summary>The host part (DNS name, IPv4 address or bracketed IPv6 literal).</summary>
    public string Host => Value is null ? string.Empty : Value[.._hostLength];

    /// <summary>The explicit port, if one was given.</summary>
    public int? Port { get; }

    public static ServerName Parse(string value) =>
        TryParse(value, out var name) ? name : throw new FormatException($"'{value}' is not a valid Matrix server name.");

    public static bool TryParse([NotNullWhen(true)] string? value, out ServerName serverName) =>
        TryParse(value.AsSpan(), value, out serverName);

    /// <summary>Parses a server name out of a larger identifier (the part after the first ':').</summary>
    internal static bool TryParse(ReadOnlySpan<char> span, string? whole, out ServerName serverName)
    {
        serverName = default;
        if (span.IsEmpty)
        {
            return false;
        }

        int hostLength;
        if (span[0] == '[')
        {
            var close = span.IndexOf(']');
            // IPv6address = 2*45IPv6char, IPv6char = DIGIT / A-F / a-f / ":" / "."
            if (close < 3 || close - 1 > 45 || !IsIpv6Literal(span[1..close]))
            {
                return false;
            }

            hostLength = close + 1;
        }
        else
        {
            var colon = span.IndexOf(':');
            hostLength = colon < 0 ? span.Length : colon;
            if (hostLength == 0 || hostLength > MaxDnsNameLength || !IsDnsName(span[..hostLength]))
            {
                return false;
            }
        }

        int? port = null;
        var rest = span[hostLength..];
        if (!rest.IsEmpty)
        {
            // port = 1*5DIGIT
            if (rest[0] != ':' || rest.Length < 2 || rest.Length > 6)
            {
                return false;
            }

            var value = 0;
            foreach (var c in rest[1..])
            {
                if (c is < '0' or > '9')
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            port = value;
        }

        serverName = new ServerName(whole is not null && whole.Length == span.Length ? whole : span.ToString(), hostLength, port);
        return true;
    }

    public bool Equals(ServerName other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value ?? string.Empty;

    // dns-name = 1*255dns-char; dns-char = DIGIT / ALPHA / "-" / "." (an IPv4 dotted quad also matches this).
    private static bool IsDnsName(ReadOnlySpan<char> host)
    {
        foreach (var c in host)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIpv6Literal(ReadOnlySpan<char> address)
    {
        foreach (var c in address)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F') or ':' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
