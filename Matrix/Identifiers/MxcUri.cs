using System.Diagnostics.CodeAnalysis;

namespace ClawChat.Matrix.Identifiers;

/// <summary>
/// <c>mxc://&lt;server-name&gt;/&lt;media-id&gt;</c>; media-id is <c>[A-Za-z0-9_-]+</c> and the server name must be
/// valid (DIGEST §1). Both are validated before anything touches storage, as a path-traversal defence.
/// </summary>
public readonly record struct MxcUri
{
    public const string Scheme = "mxc://";

    /// <summary>Length of generated media IDs (about 143 bits from [A-Za-z0-9]).</summary>
    public const int GeneratedMediaIdLength = 24;

    private const int MaxMediaIdLength = 255;

    private MxcUri(ServerName server, string mediaId)
    {
        Server = server;
        MediaId = mediaId;
    }

    public ServerName Server { get; }

    public string MediaId { get; }

    public static MxcUri Parse(string value) =>
        TryParse(value, out var uri) ? uri : throw new FormatException($"'{value}' is not a valid mxc URI.");

    public static bool TryParse([NotNullWhen(true)] string? value, out MxcUri uri)
    {
        uri = default;
        if (value is null || !value.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = value.AsSpan(Scheme.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || !ServerName.TryParse(rest[..slash], null, out var server))
        {
            return false;
        }

        var mediaId = rest[(slash + 1)..];
        if (!IsValidMediaId(mediaId))
        {
            return false;
        }

        uri = new MxcUri(server, mediaId.ToString());
        return true;
    }

    public static MxcUri Create(ServerName server, string mediaId) =>
        IsValidMediaId(mediaId) ? new MxcUri(server, mediaId) : throw new ArgumentException($"'{mediaId}' is not a valid media ID.", nameof(mediaId));

    public static MxcUri New(ServerName server) => new(server, IdentifierGrammar.RandomAlphanumeric(GeneratedMediaIdLength));

    public static bool IsValidMediaId(ReadOnlySpan<char> mediaId)
    {
        if (mediaId.IsEmpty || mediaId.Length > MaxMediaIdLength)
        {
            return false;
        }

        foreach (var c in mediaId)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(MxcUri other) =>
        Server.Equals(other.Server) && string.Equals(MediaId, other.MediaId, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Server, MediaId is null ? 0 : StringComparer.Ordinal.GetHashCode(MediaId));

    public override string ToString() => MediaId is null ? string.Empty : $"{Scheme}{Server.Value}/{MediaId}";
}
