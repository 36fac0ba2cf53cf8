using System.Net;
using ClawChat.Grains.Media;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Media;

/// <summary>Thumbnails over HTTP, decoded with libvips to check their real dimensions.</summary>
public sealed class MediaThumbnailHttpTests(MediaSiloFixture fixture) : IClassFixture<MediaSiloFixture>
{
    [Theory]
    [InlineData(MediaImageFormat.Png, "image/png")]
    [InlineData(MediaImageFormat.Jpeg, "image/jpeg")]
    [InlineData(MediaImageFormat.Gif, "image/png")]
    [InlineData(MediaImageFormat.WebP, "image/webp")]
    public async Task Scale_KeepsTheAspectRatio(MediaImageFormat format, string type)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, TestImages.Create(format, 640, 480), "image/whatever");

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Thumbnail(mxc, 320, 320, "scale"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((320, 240), TestImages.Decode(await response.Content.ReadAsByteArrayAsync()));
    }

    [Theory]
    [InlineData(MediaImageFormat.Png)]
    [InlineData(MediaImageFormat.Jpeg)]
    [InlineData(MediaImageFormat.Gif)]
    [InlineData(MediaImageFormat.WebP)]
    public async Task Crop_GivesTheExactSize(MediaImageFormat format)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, TestImages.Create(format, 640, 480), "image/png");

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Thumbnail(mxc, 96, 96, "crop"));

        Assert.Equal((96, 96), TestImages.Decode(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Thumbnail_OfASmallerImage_IsTheOriginal()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var original = TestImages.Create(MediaImageFormat.Jpeg, 50, 40);
        var mxc = await MediaHttp.UploadAsync(alice, original, "image/jpeg");

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Thumbnail(mxc, 800, 600, "scale"));

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(original, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Thumbnail_DefaultsToScale()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, TestImages.Create(MediaImageFormat.Png, 400, 100), "image/png");

        using var response = await MediaHttp.GetAsync(alice, $"/_matrix/client/v1/media/thumbnail/{MediaHttp.PathOf(mxc)}?width=100&height=100");

        Assert.Equal((100, 25), TestImages.Decode(await response.Content.ReadAsByteArrayAsync()));
    }

    [Theory]
    [InlineData("height=32", HttpStatusCode.BadRequest, "M_MISSING_PARAM")]
    [InlineData("width=32", HttpStatusCode.BadRequest, "M_MISSING_PARAM")]
    [InlineData("width=abc&height=32", HttpStatusCode.BadRequest, "M_INVALID_PARAM")]
    [InlineData("width=-5&height=32", HttpStatusCode.BadRequest, "M_INVALID_PARAM")]
    [InlineData("width=32&height=32&method=stretch", HttpStatusCode.BadRequest, "M_INVALID_PARAM")]
    [InlineData("width=32&height=32&animated=maybe", HttpStatusCode.BadRequest, "M_INVALID_PARAM")]
    public async Task Thumbnail_WithBadParameters_IsRefused(string query, HttpStatusCode status, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, TestImages.Create(MediaImageFormat.Png, 64, 64), "image/png");

        using var response = await MediaHttp.GetAsync(alice, $"/_matrix/client/v1/media/thumbnail/{MediaHttp.PathOf(mxc)}?{query}");

        await MediaHttp.AssertErrorAsync(response, status, errcode);
    }

    [Fact]
    public async Task Thumbnail_OfANonImage_IsRefused()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, "%PDF-1.4 not really"u8.ToArray(), "application/pdf");

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Thumbnail(mxc, 32, 32, "scale"));

        await MediaHttp.AssertErrorAsync(response, HttpStatusCode.BadRequest, "M_UNKNOWN");
    }
}
