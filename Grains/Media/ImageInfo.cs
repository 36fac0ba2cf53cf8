namespace ClawChat.Grains.Media;

/// <summary>What a header read tells about a source image.</summary>
/// <param name="Format">The sniffed format.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height of one page (frame) in pixels.</param>
/// <param name="Pages">Frames in the file; more than one means animated (GIF, WebP).</param>
internal sealed record ImageInfo(MediaImageFormat Format, int Width, int Height, int Pages)
{
    public bool IsAnimated => Pages > 1 && Format is MediaImageFormat.Gif or MediaImageFormat.WebP;
}
