using ClawChat.Grains.Media;
using ClawChat.Grains.Media.Vips;

namespace ClawChat.Grains.Tests.Media;

/// <summary>Test images made and read back with libvips itself (no managed image library is available).</summary>
internal static class TestImages
{
    public static byte[] Create(MediaImageFormat format, int width, int height)
    {
        using var black = VipsImage.Black(width, height);
        // A non-uniform image, so encoders and crops work on real pixel data: value = 40 + 0.5·x-ish noise-free ramp.
        using var ramp = black.Apply("linear", "a=1,b=40");
        return Encode(ramp, format);
    }

    /// <summary>An animated GIF: <paramref name="frames"/> frames of <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static byte[] CreateAnimatedGif(int width, int height, int frames)
    {
        // A vertical ramp (pixel = row number, clipped at 255) cut into frames, so no two frames are equal:
        // encoders merge identical consecutive frames, which would silently drop the animation.
        using var coordinates = VipsImage.Xyz(width, height * frames);
        using var rows = coordinates.Apply("extract_band", "band=1");
        using var ramp = rows.Apply("cast", "format=uchar");
        using var paged = ramp.WithPageHeight(height);
        return paged.Save("gifsave_buffer");
    }

    public static (int Width, int Height, int Pages, string Loader) Decode(byte[] data)
    {
        var loaderClass = VipsImage.FindLoader(data) ?? throw new InvalidOperationException("libvips does not recognise the bytes as an image.");
        var loader = loaderClass switch
        {
            "VipsForeignLoadPngBuffer" => "pngload_buffer",
            "VipsForeignLoadJpegBuffer" => "jpegload_buffer",
            "VipsForeignLoadNsgifBuffer" or "VipsForeignLoadGifBuffer" => "gifload_buffer",
            "VipsForeignLoadWebpBuffer" => "webpload_buffer",
            _ => throw new InvalidOperationException($"Unexpected loader {loaderClass}."),
        };
        using var image = VipsImage.Load(loader, data);
        return (image.Width, image.Height, image.Pages, loader);
    }

    private static byte[] Encode(VipsImage image, MediaImageFormat format) => format switch
    {
        MediaImageFormat.Png => image.Save("pngsave_buffer"),
        MediaImageFormat.Jpeg => image.Save("jpegsave_buffer"),
        MediaImageFormat.Gif => image.Save("gifsave_buffer"),
        MediaImageFormat.WebP => image.Save("webpsave_buffer"),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
