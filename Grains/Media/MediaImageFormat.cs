namespace ClawChat.Grains.Media;

/// <summary>The image formats the repository thumbnails (the spec's safe inline image types).</summary>
public enum MediaImageFormat
{
    None,
    Png,
    Jpeg,
    Gif,
    WebP,
}
