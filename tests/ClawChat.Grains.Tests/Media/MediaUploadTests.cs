using ClawChat.Grains.Interfaces.Media;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;

namespace ClawChat.Grains.Tests.Media;

public sealed class MediaUploadTests
{
    [Fact]
    public async Task Upload_ThenDownload_ReturnsTheSameBytes()
    {
        await using var host = MediaTestHost.Start();
        var data = new byte[300_000];
        new Random(42).NextBytes(data);

        var uri = await host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload(data, "application/x-test", "report.bin"));
        var content = await host.Service.DownloadAsync(uri.Server.Value, uri.MediaId, TimeSpan.Zero);

        Assert.Equal(host.ServerName, uri.Server.Value);
        Assert.Equal(("application/x-test", "report.bin", data.Length), (content.ContentType, content.FileName, content.Length));
        Assert.Equal(data, await MediaTestHost.ReadAllAsync(content));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a media type")]
    public async Task Upload_WithoutAUsableContentType_IsServedAsOctetStream(string? contentType)
    {
        await using var host = MediaTestHost.Start();

        var uri = await host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload([1, 2, 3], contentType));
        await using var content = await host.Service.DownloadAsync(uri.Server.Value, uri.MediaId, TimeSpan.Zero);

        Assert.Equal("application/octet-stream", content.ContentType);
        Assert.Null(content.FileName);
    }

    [Fact]
    public async Task Upload_LargerThanTheLimit_IsRefusedWhileStreaming()
    {
        const int limit = 64 * 1024;
        await using var host = MediaTestHost.Start(o => o.MaxUploadBytes = limit);
        var body = new CountingStream(long.MaxValue);

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            host.Service.UploadAsync(MediaTestHost.NewUser(), new MediaUpload(body, null, "application/octet-stream", null)));

        Assert.Equal((413, "M_TOO_LARGE"), (error.Status, error.ErrCode));
        // Reading stops within one copy buffer (80 KB) past the limit: the body was never buffered whole.
        Assert.InRange(body.BytesRead, limit + 1, limit + (80 * 1024));
        Assert.Empty(host.ContentFiles());
        Assert.Empty(Directory.GetFiles(Path.Combine(host.Content.ContentDirectory, "tmp")));
    }

    [Fact]
    public async Task Upload_DeclaringMoreThanTheLimit_IsRefusedBeforeReading()
    {
        await using var host = MediaTestHost.Start(o => o.MaxUploadBytes = 1000);
        var body = new CountingStream(5000);

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            host.Service.UploadAsync(MediaTestHost.NewUser(), new MediaUpload(body, 5000, null, null)));

        Assert.Equal("M_TOO_LARGE", error.ErrCode);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task Upload_ExactlyAtTheLimit_IsAccepted()
    {
        await using var host = MediaTestHost.Start(o => o.MaxUploadBytes = 1000);

        var uri = await host.Service.UploadAsync(MediaTestHost.NewUser(), new MediaUpload(new CountingStream(1000), null, null, null));

        await using var content = await host.Service.DownloadAsync(uri.Server.Value, uri.MediaId, TimeSpan.Zero);
        Assert.Equal(1000, content.Length);
    }

    [Fact]
    public async Task UploadLimit_DefaultsToMaxRequestBytes()
    {
        await using var host = MediaTestHost.Start(maxRequestBytes: 123_456);

        Assert.Equal(123_456, host.Service.MaxUploadBytes);
    }

    [Fact]
    public async Task ConcurrentIdenticalUploads_AreStoredOnce()
    {
        await using var host = MediaTestHost.Start();
        var data = new byte[200_000];
        new Random(7).NextBytes(data);
        var user = MediaTestHost.NewUser();

        var uris = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => host.Service.UploadAsync(user, MediaTestHost.Upload(data)))));

        Assert.Equal(8, uris.Select(u => u.MediaId).Distinct().Count());
        var file = Assert.Single(host.ContentFiles());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data)), Path.GetFileName(file));
        Assert.Equal(data, await File.ReadAllBytesAsync(file));
        Assert.Empty(Directory.GetFiles(Path.Combine(host.Content.ContentDirectory, "tmp")));
    }

    [Fact]
    public async Task ContentFile_LivesAtItsHashAddress()
    {
        await using var host = MediaTestHost.Start();
        byte[] data = [1, 2, 3, 4];
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));

        await host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload(data));

        Assert.True(File.Exists(Path.Combine(host.Root.DataDirectory, "media", "content", sha[..2], sha[2..4], sha)));
    }

    [Fact]
    public async Task Upload_WithControlCharactersInTheFileName_IsInvalidParam()
    {
        await using var host = MediaTestHost.Start();

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload([1], fileName: "a\r\nb")));

        Assert.Equal((400, "M_INVALID_PARAM"), (error.Status, error.ErrCode));
    }

    [Theory]
    [InlineData("other.server", "abc")]
    [InlineData("media.test", "doesNotExist")]
    [InlineData("media.test", "../../etc/passwd")]
    public async Task Download_OfUnknownMedia_IsNotFound(string server, string mediaId)
    {
        await using var host = MediaTestHost.Start();

        var error = await Assert.ThrowsAsync<MatrixException>(() => host.Service.DownloadAsync(server, mediaId, TimeSpan.Zero));

        Assert.Equal((404, "M_NOT_FOUND"), (error.Status, error.ErrCode));
    }

    [Fact]
    public async Task MediaIds_AreRandomAndUrlSafe()
    {
        await using var host = MediaTestHost.Start();

        var uri = await host.Service.UploadAsync(MediaTestHost.NewUser(), MediaTestHost.Upload([1]));

        Assert.Matches("^mxc://media\\.test/[A-Za-z0-9_-]{24}$", uri.ToString());
        Assert.True(MxcUri.TryParse(uri.ToString(), out _));
    }
}
