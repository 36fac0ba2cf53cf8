using ClawChat.Grains.Interfaces.Media;
using ClawChat.Grains.Media;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Tests.Media;

/// <summary>Thumbnails through the real libvips (Debian package libvips42).</summary>
public sealed class ThumbnailTests
{
    public static TheoryData<MediaImageFormat, string> Formats => new()
    {
        { MediaImageFormat.Png, "image/png" },
        { MediaImageFormat.Jpeg, "image/jpeg" },
        { MediaImageFormat.Gif, "image/png" },
        { MediaImageFormat.WebP, "image/webp" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Scale_FitsTheBox_KeepingTheAspectRatio(MediaImageFormat format, string thumbnailType)
    {
        await using var host = MediaTestHost.Start();
        var uri = await UploadAsync(host, format, 400, 200);

        var thumbnail = await host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, new ThumbnailRequest(100, 100, ThumbnailMethod.Scale, null), TimeSpan.Zero);

        Assert.Equal(thumbnailType, thumbnail.ContentType);
        var decoded = TestImages.Decode(await MediaTestHost.ReadAllAsync(thumbnail));
        Assert.Equal((100, 50, 1), (decoded.Width, decoded.Height, decoded.Pages));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Crop_GivesExactlyTheRequestedSize(MediaImageFormat format, string thumbnailType)
    {
        await using var host = MediaTestHost.Start();
        var uri = await UploadAsync(host, format, 400, 200);

        var thumbnail = await host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, new ThumbnailRequest(96, 64, ThumbnailMethod.Crop, null), TimeSpan.Zero);

        Assert.Equal(thumbnailType, thumbnail.ContentType);
        var decoded = TestImages.Decode(await MediaTestHost.ReadAllAsync(thumbnail));
        Assert.Equal((96, 64), (decoded.Width, decoded.Height));
    }

    [Theory]
    [InlineData(MediaImageFormat.Png, "image/png")]
    [InlineData(MediaImageFormat.Jpeg, "image/jpeg")]
    [InlineData(MediaImageFormat.WebP, "image/webp")]
    public async Task OriginalIsServed_WhenAlreadySmallerThanTheRequest(MediaImageFormat format, string type)
    {
        await using var host = MediaTestHost.Start();
        var original = TestImages.Create(format, 40, 30);
        var uri = await host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload(original, "application/octet-stream"));

        var thumbnail = await host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, new ThumbnailRequest(96, 96, ThumbnailMethod.Crop, null), TimeSpan.Zero);

        // Typed by its bytes, not by the upload's (here useless) Content-Type.
        Assert.Equal(type, thumbnail.ContentType);
        Assert.Equal(original, await MediaTestHost.ReadAllAsync(thumbnail));
        Assert.Empty(Directory.Exists(host.Thumbnailer.CacheDirectory) ? Directory.GetFiles(host.Thumbnailer.CacheDirectory, "*", SearchOption.AllDirectories) : []);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public async Task SmallAnimatedGif_IsFlattened_UnlessAnimationIsAsked(bool? animated)
    {
        await using var host = MediaTestHost.Start();
        var gif = TestImages.CreateAnimatedGif(40, 30, frames: 3);
        Assert.Equal(3, TestImages.Decode(gif).Pages);
        var uri = await host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload(gif, "image/gif"));

        var thumbnail = await host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, new ThumbnailRequest(96, 96, ThumbnailMethod.Scale, animated), TimeSpan.Zero);

        Assert.Equal("image/png", thumbnail.ContentType);
        var decoded = TestImages.Decode(await MediaTestHost.ReadAllAsync(thumbnail));
        Assert.Equal((40, 30, 1), (decoded.Width, decoded.Height, decoded.Pages));
    }

    [Fact]
    public async Task AnimatedGif_AskedAnimated_GivesAnAnimatedWebP()
    {
        await using var host = MediaTestHost.Start();
        var uri = await host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload(TestImages.CreateAnimatedGif(200, 100, frames: 3), "image/gif"));

        var thumbnail = await host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, new ThumbnailRequest(50, 50, ThumbnailMethod.Scale, true), TimeSpan.Zero);

        Assert.Equal("image/webp", thumbnail.ContentType);
        var decoded = TestImages.Decode(await MediaTestHost.ReadAllAsync(thumbnail));
        Assert.Equal((50, 25, 3), (decoded.Width, decoded.Height, decoded.Pages));
    }

    [Fact]
    public async Task Thumbnail_IsCachedOnDisk_AndServedFromTheCache()
    {
        await using var host = MediaTestHost.Start();
        var uri = await UploadAsync(host, MediaImageFormat.Png, 400, 200);
        var request = new ThumbnailRequest(64, 64, ThumbnailMethod.Crop, null);

        var first = await MediaTestHost.ReadAllAsync(await host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, request, TimeSpan.Zero));
        var cached = Assert.Single(Directory.GetFiles(host.Thumbnailer.CacheDirectory, "*", SearchOption.AllDirectories));
        await File.WriteAllBytesAsync(cached, [.. first, 0]);
        var second = await MediaTestHost.ReadAllAsync(await host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, request, TimeSpan.Zero));

        Assert.EndsWith("64x64-crop.png", cached, StringComparison.Ordinal);
        Assert.Equal(first.Length + 1, second.Length);
    }

    [Fact]
    public async Task CachedVariants_AreBoundedPerContent()
    {
        await using var host = MediaTestHost.Start(o => o.MaxCachedThumbnailsPerContent = 2);
        var uri = await UploadAsync(host, MediaImageFormat.Png, 400, 200);

        foreach (var size in new[] { 10, 20, 30, 40 })
        {
            var thumbnail = await host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, new ThumbnailRequest(size, size, ThumbnailMethod.Crop, null), TimeSpan.Zero);
            Assert.Equal(size, TestImages.Decode(await MediaTestHost.ReadAllAsync(thumbnail)).Width);
        }

        Assert.Equal(2, Directory.GetFiles(host.Thumbnailer.CacheDirectory, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Thumbnail_OfSomethingThatIsNotAnImage_IsRefused()
    {
        await using var host = MediaTestHost.Start();
        var uri = await host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray(), "image/png"));

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, new ThumbnailRequest(32, 32, ThumbnailMethod.Scale, null), TimeSpan.Zero));

        Assert.Equal((400, "M_UNKNOWN"), (error.Status, error.ErrCode));
    }

    [Fact]
    public async Task Thumbnail_OfACorruptImage_IsRefused()
    {
        await using var host = MediaTestHost.Start();
        var png = TestImages.Create(MediaImageFormat.Png, 100, 100);
        var uri = await host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload(png[..20], "image/png"));

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, new ThumbnailRequest(32, 32, ThumbnailMethod.Scale, null), TimeSpan.Zero));

        Assert.Equal((400, "M_UNKNOWN"), (error.Status, error.ErrCode));
    }

    [Fact]
    public async Task Thumbnail_OfAnImageWithTooManyPixels_IsTooLarge()
    {
        await using var host = MediaTestHost.Start(o => o.MaxThumbnailPixels = 10_000);
        var uri = await UploadAsync(host, MediaImageFormat.Png, 200, 100);

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, new ThumbnailRequest(32, 32, ThumbnailMethod.Scale, null), TimeSpan.Zero));

        Assert.Equal((413, "M_TOO_LARGE"), (error.Status, error.ErrCode));
    }

    [Fact]
    public async Task Thumbnails_OfIdenticalUploads_ShareOneCacheEntry()
    {
        await using var host = MediaTestHost.Start();
        var image = TestImages.Create(MediaImageFormat.Jpeg, 300, 300);
        var request = new ThumbnailRequest(32, 32, ThumbnailMethod.Crop, null);

        foreach (var _ in Enumerable.Range(0, 3))
        {
            var uri = await host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload(image, "image/jpeg"));
            await (await host.Service.GetThumbnailAsync(uri.Server.Value, uri.MediaId, request, TimeSpan.Zero)).DisposeAsync();
        }

        Assert.Single(Directory.GetFiles(host.Thumbnailer.CacheDirectory, "*", SearchOption.AllDirectories));
    }

    private static Task<ClawChat.Matrix.Identifiers.MxcUri> UploadAsync(MediaTestHost host, MediaImageFormat format, int width, int height) =>
        host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload(TestImages.Create(format, width, height), ImageFormatSniffer.ContentType(format)));
}
