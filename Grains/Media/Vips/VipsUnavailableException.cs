namespace ClawChat.Grains.Media.Vips;

/// <summary>libvips could not be loaded or initialised, so nothing can be thumbnailed on this silo.</summary>
public sealed class VipsUnavailableException : Exception
{
    public VipsUnavailableException()
    {
    }

    public VipsUnavailableException(string message)
        : base(message)
    {
    }

    public VipsUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
