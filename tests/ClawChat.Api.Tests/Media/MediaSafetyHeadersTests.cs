using ClawChat.Api.Media;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Media;

/// <summary>Response headers that keep uploaded content from running in the server's origin (DIGEST §14).</summary>
public sealed class MediaSafetyHeadersTests(MediaSiloFixture fixture) : IClassFixture<MediaSiloFixture>
{
    [Theory]
    [InlineData("image/png", "inline")]
    [InlineData("image/jpeg", "inline")]
    [InlineData("text/plain", "inline")]
    [InlineData("text/plain; charset=utf-8", "inline")]
    [InlineData("video/mp4", "inline")]
    [InlineData("audio/ogg", "inline")]
    [InlineData("text/html", "attachment")]
    [InlineData("image/svg+xml", "attachment")]
    [InlineData("application/pdf", "attachment")]
    [InlineData("application/javascript", "attachment")]
    [InlineData("application/octet-stream", "attachment")]
    public async Task Download_IsInlineOnlyForSafeTypes(string contentType, string disposition)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, "<script>alert(1)</script>"u8.ToArray(), contentType, "upload.dat");

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Download(mxc));

        Assert.Equal($"{disposition}; filename=\"upload.dat\"", response.Content.Headers.ContentDisposition?.ToString());
        AssertSandboxed(response);
    }

    [Fact]
    public async Task Download_WithoutAFileName_HasDispositionWithoutName()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, [1], "image/png");

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Download(mxc));

        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.ToString());
    }

    [Fact]
    public async Task Download_WithAFileNameInThePath_UsesThatName()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, [1], "text/csv", "original.csv");

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Download(mxc) + "/renamed.csv");

        Assert.Equal("inline; filename=\"renamed.csv\"", response.Content.Headers.ContentDisposition?.ToString());
    }

    [Fact]
    public async Task Download_WithANonAsciiFileName_UsesRfc5987()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, [1], "application/zip", "résumé \"final\".zip");

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Download(mxc));

        Assert.Equal("attachment; filename*=utf-8''r%C3%A9sum%C3%A9%20%22final%22.zip", response.Content.Headers.GetValues("Content-Disposition").Single());
        Assert.Equal("résumé \"final\".zip", response.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task Thumbnail_IsInline_WithSafetyHeaders()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, TestImages.Create(Grains.Media.MediaImageFormat.Png, 200, 200), "image/png", "big.png");

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Thumbnail(mxc, 32, 32, "crop"));

        Assert.Equal("inline; filename=\"thumbnail.png\"", response.Content.Headers.ContentDisposition?.ToString());
        AssertSandboxed(response);
    }

    [Theory]
    [InlineData("a\"b\\c.txt", "inline; filename=\"a\\\"b\\\\c.txt\"")]
    [InlineData("日本.txt", "inline; filename*=utf-8''%E6%97%A5%E6%9C%AC.txt")]
    [InlineData(null, "inline")]
    public void ContentDisposition_EscapesFileNames(string? fileName, string expected)
    {
        Assert.Equal(expected, ContentDisposition.For("text/plain", fileName));
    }

    private static void AssertSandboxed(HttpResponseMessage response)
    {
        Assert.Equal(MediaResults.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("cross-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
