using System.Collections.Frozen;
using System.Text;

namespace ClawChat.Api.Media;

/// <summary>The <c>Content-Disposition</c> of media responses (spec v1.12, DIGEST §14): <c>inline</c> only for the
/// spec's list of types a browser renders without running code, <c>attachment</c> for everything else (so
/// <c>text/html</c> or <c>image/svg+xml</c> uploads can never execute in the server's origin), with the file
/// name as a quoted string when it is plain ASCII and RFC 5987 <c>filename*</c> otherwise.</summary>
public static class ContentDisposition
{
    /// <summary>The spec's "serving inline content" list (media type only, parameters ignored).</summary>
    public static FrozenSet<string> InlineTypes { get; } = new[]
    {
        "text/css", "text/plain", "text/csv", "application/json", "application/ld+json",
        "image/jpeg", "image/gif", "image/png", "image/apng", "image/webp", "image/avif",
        "video/mp4", "video/webm", "video/ogg", "video/quicktime",
        "audio/mp4", "audio/webm", "audio/aac", "audio/mpeg", "audio/ogg", "audio/wave", "audio/wav",
        "audio/x-wav", "audio/x-pn-wav", "audio/flac", "audio/x-flac",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="contentType"/> (which may carry parameters) may be served inline.</summary>
    public static bool IsInline(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return InlineTypes.Contains(mediaType);
    }

    /// <summary>The header value: <c>inline|attachment[; filename=…]</c>.</summary>
    public static string For(string contentType, string? fileName) => Build(IsInline(contentType) ? "inline" : "attachment", fileName);

    /// <summary>The header value with an explicit disposition type.</summary>
    public static string Build(string disposition, string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return disposition;
        }

        var builder = new StringBuilder(disposition.Length + fileName.Length + 16).Append(disposition);
        if (fileName.All(c => c is >= ' ' and <= '~'))
        {
            builder.Append("; filename=\"");
            foreach (var c in fileName)
            {
                if (c is '"' or '\\')
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }

            return builder.Append('"').ToString();
        }

        builder.Append("; filename*=utf-8''");
        foreach (var b in Encoding.UTF8.GetBytes(fileName))
        {
            // RFC 5987 attr-char; everything else percent-encoded.
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'&' or (byte)'+' or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
