using ClawChat.Grains.Interfaces.Media;

namespace ClawChat.Grains.Media;

/// <summary>The thumbnail rules of the spec (DIGEST §14), as a pure function: never upscale; return the
/// original when it is no bigger than the request; <c>scale</c> keeps the source's aspect ratio and fits the
/// box, <c>crop</c> fills the box exactly (capped by the source's own size, since upscaling is out);
/// <c>animated=false</c> (or absent) MUST NOT yield animation, so an animated source is flattened to its first
/// frame even when it is small enough to serve as is; <c>animated=true</c> is honoured for <c>scale</c>.</summary>
internal static class ThumbnailPlanner
{
    public static ThumbnailPlan Plan(ImageInfo source, ThumbnailRequest request)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        // libvips 8.14 crops only the first frame of an animation, so animated thumbnails are scale-only.
        var animate = source.IsAnimated && request.Animated == true && request.Method == ThumbnailMethod.Scale;
        var fits = source.Width <= request.Width && source.Height <= request.Height;
        if (fits && (animate || !source.IsAnimated))
        {
            return new ThumbnailPlan(UseOriginal: true, source.Width, source.Height, Crop: false, animate, source.Format);
        }

        var output = source.Format switch
        {
            MediaImageFormat.Jpeg => MediaImageFormat.Jpeg,
            MediaImageFormat.WebP => MediaImageFormat.WebP,
            // Animated thumbnails are WebP: the spec says servers SHOULD prefer it for animation.
            MediaImageFormat.Gif => animate ? MediaImageFormat.WebP : MediaImageFormat.Png,
            _ => MediaImageFormat.Png,
        };

        if (fits)
        {
            // An animated source that fits but must not animate: its first frame, same size.
            return new ThumbnailPlan(UseOriginal: false, source.Width, source.Height, Crop: false, Animated: false, output);
        }

        return request.Method == ThumbnailMethod.Crop
            ? new ThumbnailPlan(UseOriginal: false, Math.Min(request.Width, source.Width), Math.Min(request.Height, source.Height), Crop: true, animate, output)
            : new ThumbnailPlan(UseOriginal: false, request.Width, request.Height, Crop: false, animate, output);
    }
}
