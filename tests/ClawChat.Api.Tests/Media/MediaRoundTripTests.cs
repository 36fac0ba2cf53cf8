using System.Net;
using System.Text.Json;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Media;

public sealed class MediaRoundTripTests(MediaSiloFixture fixture) : IClassFixture<MediaSiloFixture>
{
    [Fact]
    public async Task Upload_ThenDownload_ReturnsTheBytesUnchanged()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        // Every byte value, then random bytes: nothing may be transcoded, trimmed or re-encoded.
        var data = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(RandomBytes(1_000_000)).ToArray();

        var mxc = await MediaHttp.UploadAsync(alice, data, "application/x-clawchat-test");
        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Download(mxc));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^mxc://localhost/[A-Za-z0-9_-]+$", mxc);
        Assert.Equal("application/x-clawchat-test", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(data.Length, response.Content.Headers.ContentLength);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Download_ByAnotherUser_Works()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, [1, 2, 3]);

        using var response = await MediaHttp.GetAsync(bob, MediaHttp.Download(mxc));

        Assert.Equal([1, 2, 3], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Download_SupportsRangeRequests()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var data = RandomBytes(10_000);
        var mxc = await MediaHttp.UploadAsync(alice, data, "video/mp4");
        using var request = MediaHttp.Request(alice, HttpMethod.Get, MediaHttp.Download(mxc));
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 199);

        using var response = await fixture.Silo.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(data[100..200], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Download_OfUnknownMedia_IsNotFound()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        using var response = await MediaHttp.GetAsync(alice, "/_matrix/client/v1/media/download/localhost/NoSuchMedia");

        await MediaHttp.AssertErrorAsync(response, HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task Download_OfRemoteMedia_IsNotFound()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        using var response = await MediaHttp.GetAsync(alice, "/_matrix/client/v1/media/download/elsewhere.example/abc");

        await MediaHttp.AssertErrorAsync(response, HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task Config_AdvertisesTheUploadLimit()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        foreach (var path in new[] { "/_matrix/client/v1/media/config", "/_matrix/media/v3/config" })
        {
            var response = (await alice.GetAsync(path)).AssertOk();
            Assert.Equal(10 * 1024 * 1024, response["m.upload.size"].GetInt64());
        }
    }

    [Fact]
    public async Task Upload_WithoutContentType_IsServedAsOctetStream()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, [1, 2, 3], contentType: null);

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Download(mxc));

        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Upload_ResponseIsJsonWithTheContentUri()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        using var request = MediaHttp.Request(alice, HttpMethod.Post, MediaHttp.UploadPath, [42], "text/plain");

        using var response = await fixture.Silo.Client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("mxc://localhost/", json.RootElement.GetProperty("content_uri").GetString(), StringComparison.Ordinal);
    }

    private static byte[] RandomBytes(int length)
    {
        var data = new byte[length];
        Random.Shared.NextBytes(data);
        return data;
    }
}
