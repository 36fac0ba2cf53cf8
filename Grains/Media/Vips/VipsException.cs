namespace ClawChat.Grains.Media.Vips;

/// <summary>A libvips operation failed (bad or truncated image, unsupported format, out of memory); the
/// message carries libvips' error buffer.</summary>
public sealed class VipsException : Exception
{
    public VipsException()
    {
    }

    public VipsException(string message)
        : base(message)
    {
    }

    public VipsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
