using System.Text;

namespace ClawChat.Grains.Bots.Backends;

/// <summary>Builds the detail that backend errors carry from text a remote party wrote (an error body, a JSON-RPC
/// error message): bounded, single-line, and with the API key cut out — a server may echo a bad key back ("Incorrect
/// API key provided: sk-…"), and exception messages end up in logs.</summary>
internal static class BackendText
{
    public const int MaxDetailChars = 200;

    /// <param name="secret">Replaced before the text is cut to length, so no prefix of it can survive.</param>
    public static string Detail(string? text, string? secret)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        if (secret is { Length: > 0 })
        {
            text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxDetailChars + 1));
        foreach (var c in text)
        {
            if (builder.Length == MaxDetailChars)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }

    /// <summary>An endpoint for logs: user info (<c>http://user:pass@host</c>) and query strings removed.</summary>
    public static string Endpoint(string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            return "(default)";
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.IsUnc || uri.Scheme == "unix")
        {
            return endpoint;
        }

        return new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty, Query = string.Empty }.Uri.ToString();
    }
}
