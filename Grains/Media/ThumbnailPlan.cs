namespace ClawChat.Grains.Media;

/// <summary>How to answer one thumbnail request for one source image.</summary>
/// <param name="UseOriginal">Serve the original: it already fits and needs no conversion.</param>
/// <param name="Width">Target width (for crop, exact; for scale, the box).</param>
/// <param name="Height">Target height (for crop, exact; for scale, the box).</param>
/// <param name="Crop">Fill the box exactly (centre crop) rather than fit inside it.</param>
/// <param name="Animated">Keep every frame.</param>
/// <param name="Output">Format to encode.</param>
internal sealed record ThumbnailPlan(bool UseOriginal, int Width, int Height, bool Crop, bool Animated, MediaImageFormat Output)
{
    /// <summary>The cache file name of this variant, e.g. <c>96x96-crop.png</c>.</summary>
    public string CacheName => FormattableString.Invariant(
        $"{Width}x{Height}-{(Crop ? "crop" : "scale")}{(Animated ? "-animated" : string.Empty)}.{ImageFormatSniffer.Extension(Output)}");
}
