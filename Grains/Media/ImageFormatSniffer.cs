namespace ClawChat.Grains.Media;

/// <summary>Recognises the thumbnailable formats from their magic bytes. The uploader's Content-Type is a
/// claim, not a fact: thumbnails (and originals served in their place) take their type from the bytes, and
/// anything else never reaches the image decoder.</summary>
internal static class ImageFormatSniffer
{
    /// <summary>Bytes needed to recognise every format.</summary>
    public const int HeaderLength = 12;

    public static MediaImageFormat Sniff(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return MediaImageFormat.Png;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return MediaImageFormat.Jpeg;
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return MediaImageFormat.Gif;
        }

        if (header.Length >= HeaderLength && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return MediaImageFormat.WebP;
        }

        return MediaImageFormat.None;
    }

    /// <summary>The media type of a format.</summary>
    public static string ContentType(MediaImageFormat format) => format switch
    {
        MediaImageFormat.Png => "image/png",
        MediaImageFormat.Jpeg => "image/jpeg",
        MediaImageFormat.Gif => "image/gif",
        MediaImageFormat.WebP => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an image format."),
    };

    /// <summary>The usual file extension of a format.</summary>
    public static string Extension(MediaImageFormat format) => format switch
    {
        MediaImageFormat.Png => "png",
        MediaImageFormat.Jpeg => "jpg",
        MediaImageFormat.Gif => "gif",
        MediaImageFormat.WebP => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an image format."),
    };
}
