using System.Net.Http.Headers;

namespace ClawChat.Grains.Media;

/// <summary>The uploader's Content-Type as stored and served. The spec lets the server serve the upload's
/// type, or <c>application/octet-stream</c> when it is missing or unusable (v1.12 "reasonably close").</summary>
internal static class MediaContentTypes
{
    public const string Default = "application/octet-stream";

    private const int MaxLength = 255;

    /// <summary>The value to store: a syntactically valid media type (parameters kept), or null.</summary>
    public static string? Normalize(string? header)
    {
        var value = header?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !MediaTypeHeaderValue.TryParse(value, out var parsed) || parsed.MediaType is null)
        {
            return null;
        }

        return parsed.ToString();
    }

    /// <summary>The type to serve a stored record as.</summary>
    public static string ForServing(string? stored) => Normalize(stored) ?? Default;
}
