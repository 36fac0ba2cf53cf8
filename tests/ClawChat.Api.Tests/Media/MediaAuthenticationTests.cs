using System.Net;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Media;

/// <summary>Authenticated media (spec v1.11) and the frozen legacy endpoints (v1.12 recommendation).</summary>
public sealed class MediaAuthenticationTests(MediaSiloFixture fixture) : IClassFixture<MediaSiloFixture>
{
    [Theory]
    [InlineData("GET", "/_matrix/client/v1/media/download/localhost/abc")]
    [InlineData("GET", "/_matrix/client/v1/media/download/localhost/abc/name.txt")]
    [InlineData("GET", "/_matrix/client/v1/media/thumbnail/localhost/abc?width=32&height=32")]
    [InlineData("GET", "/_matrix/client/v1/media/config")]
    [InlineData("GET", "/_matrix/client/v1/media/preview_url?url=https://example.org")]
    [InlineData("POST", "/_matrix/media/v3/upload")]
    [InlineData("PUT", "/_matrix/media/v3/upload/localhost/abc")]
    [InlineData("POST", "/_matrix/media/v1/create")]
    public async Task AuthenticatedEndpoints_WithoutAToken_AreMissingToken(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : new ByteArrayContent([1]) };

        using var response = await fixture.Silo.Client.SendAsync(request);

        await MediaHttp.AssertErrorAsync(response, HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }

    [Fact]
    public async Task AuthenticatedDownload_AcceptsTheQueryStringToken()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, [5, 6]);

        using var response = await fixture.Silo.Client.GetAsync(MediaHttp.Download(mxc) + "?access_token=" + Uri.EscapeDataString(alice.AccessToken));

        Assert.Equal([5, 6], await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/_matrix/media/v3/download/{0}")]
    [InlineData("/_matrix/media/v3/download/{0}/file.bin")]
    [InlineData("/_matrix/media/v3/thumbnail/{0}?width=32&height=32&method=scale")]
    public async Task LegacyEndpoints_RefuseMediaUploadedHere_WithNotFound(string template)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, TestImages.Create(Grains.Media.MediaImageFormat.Png, 64, 64), "image/png");
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, MediaHttp.PathOf(mxc));

        using var anonymous = await fixture.Silo.Client.GetAsync(path);
        using var authenticated = await MediaHttp.GetAsync(alice, path);

        await MediaHttp.AssertErrorAsync(anonymous, HttpStatusCode.NotFound, "M_NOT_FOUND");
        await MediaHttp.AssertErrorAsync(authenticated, HttpStatusCode.NotFound, "M_NOT_FOUND");
    }
}
