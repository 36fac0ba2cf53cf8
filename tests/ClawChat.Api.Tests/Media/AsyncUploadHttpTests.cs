using System.Net;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Media;

/// <summary><c>POST /_matrix/media/v1/create</c> then <c>PUT /_matrix/media/v3/upload/{server}/{id}</c>.</summary>
public sealed class AsyncUploadHttpTests(MediaSiloFixture fixture) : IClassFixture<MediaSiloFixture>
{
    [Fact]
    public async Task Create_ThenUpload_ThenDownload()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var created = (await alice.PostAsync("/_matrix/media/v1/create")).AssertOk();
        var mxc = created.GetString("content_uri")!;
        using var early = await MediaHttp.GetAsync(alice, MediaHttp.Download(mxc) + "?timeout_ms=0");
        using var upload = await PutAsync(alice, mxc, [4, 5, 6]);
        using var download = await MediaHttp.GetAsync(alice, MediaHttp.Download(mxc));

        Assert.StartsWith("mxc://localhost/", mxc, StringComparison.Ordinal);
        Assert.True(created["unused_expires_at"].GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await MediaHttp.AssertErrorAsync(early, HttpStatusCode.GatewayTimeout, "M_NOT_YET_UPLOADED");
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal("{}", await upload.Content.ReadAsStringAsync());
        Assert.Equal([4, 5, 6], await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Download_WaitingWithTimeout_GetsTheContentOnceUploaded()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = (await alice.PostAsync("/_matrix/media/v1/create")).AssertOk().GetString("content_uri")!;

        var waiting = MediaHttp.GetAsync(bob, MediaHttp.Download(mxc) + "?timeout_ms=20000");
        using (await PutAsync(alice, mxc, [7, 7, 7]))
        {
        }

        using var response = await waiting.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([7, 7, 7], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Upload_Twice_CannotOverwriteMedia()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = (await alice.PostAsync("/_matrix/media/v1/create")).AssertOk().GetString("content_uri")!;
        using (await PutAsync(alice, mxc, [1]))
        {
        }

        using var second = await PutAsync(alice, mxc, [2]);

        await MediaHttp.AssertErrorAsync(second, HttpStatusCode.Conflict, "M_CANNOT_OVERWRITE_MEDIA");
    }

    [Fact]
    public async Task Upload_ByAnotherUser_IsForbidden()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mallory = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = (await alice.PostAsync("/_matrix/media/v1/create")).AssertOk().GetString("content_uri")!;

        using var response = await PutAsync(mallory, mxc, [1]);

        await MediaHttp.AssertErrorAsync(response, HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Fact]
    public async Task Upload_ToAnIdNeverCreated_IsNotFound()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        using var response = await PutAsync(alice, "mxc://localhost/NeverCreated", [1]);

        await MediaHttp.AssertErrorAsync(response, HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task Upload_ToADirectlyUploadedId_CannotOverwriteMedia()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = await MediaHttp.UploadAsync(alice, [1]);

        using var response = await PutAsync(alice, mxc, [2]);

        await MediaHttp.AssertErrorAsync(response, HttpStatusCode.Conflict, "M_CANNOT_OVERWRITE_MEDIA");
    }

    [Fact]
    public async Task Thumbnail_BeforeUpload_IsNotYetUploaded()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mxc = (await alice.PostAsync("/_matrix/media/v1/create")).AssertOk().GetString("content_uri")!;

        using var response = await MediaHttp.GetAsync(alice, MediaHttp.Thumbnail(mxc, 32, 32, "crop") + "&timeout_ms=100");

        await MediaHttp.AssertErrorAsync(response, HttpStatusCode.GatewayTimeout, "M_NOT_YET_UPLOADED");
    }

    private static async Task<HttpResponseMessage> PutAsync(MatrixTestClient user, string mxc, byte[] data)
    {
        using var request = MediaHttp.Request(user, HttpMethod.Put, "/_matrix/media/v3/upload/" + MediaHttp.PathOf(mxc) + "?filename=late.bin", data, "application/octet-stream");
        return await user.Silo.Client.SendAsync(request);
    }
}
