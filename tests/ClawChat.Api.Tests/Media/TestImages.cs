using ClawChat.Grains.Media;
using ClawChat.Grains.Media.Vips;

namespace ClawChat.Api.Tests.Media;

/// <summary>Test images made and read back with libvips (Debian package libvips42).</summary>
internal static class TestImages
{
    public static byte[] Create(MediaImageFormat format, int width, int height)
    {
        using var black = VipsImage.Black(width, height);
        using var rgb = black.Apply("linear", "a=1,b=40");
        return format switch
        {
            MediaImageFormat.Png => rgb.Save("pngsave_buffer"),
            MediaImageFormat.Jpeg => rgb.Save("jpegsave_buffer"),
            MediaImageFormat.Gif => rgb.Save("gifsave_buffer"),
            MediaImageFormat.WebP => rgb.Save("webpsave_buffer"),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    public static (int Width, int Height) Decode(byte[] data)
    {
        var loader = VipsImage.FindLoader(data) switch
        {
            "VipsForeignLoadPngBuffer" => "pngload_buffer",
            "VipsForeignLoadJpegBuffer" => "jpegload_buffer",
            "VipsForeignLoadNsgifBuffer" or "VipsForeignLoadGifBuffer" => "gifload_buffer",
            "VipsForeignLoadWebpBuffer" => "webpload_buffer",
            var other => throw new InvalidOperationException($"Not a thumbnail format libvips knows here: {other ?? "unrecognised bytes"}."),
        };
        using var image = VipsImage.Load(loader, data);
        return (image.Width, image.Height);
    }
}
