using System.Diagnostics;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Tests.Media;

public sealed class AsyncUploadTests
{
    [Fact]
    public async Task Create_ReturnsAnMxcUriAndExpiry()
    {
        await using var host = MediaTestHost.Start(o => o.UnusedExpiry = TimeSpan.FromHours(24));

        var created = await host.Service.CreateAsync(MediaTestHost.NewUser());

        Assert.Equal(host.ServerName, created.ContentUri.Server.Value);
        Assert.Equal(host.Time.GetUtcNow().AddHours(24).ToUnixTimeMilliseconds(), created.UnusedExpiresAt);
    }

    [Fact]
    public async Task Download_BeforeUpload_IsNotYetUploaded()
    {
        await using var host = MediaTestHost.Start();
        var created = await host.Service.CreateAsync(MediaTestHost.NewUser());

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            host.Service.DownloadAsync(created.ContentUri.Server.Value, created.ContentUri.MediaId, TimeSpan.Zero));

        Assert.Equal((504, "M_NOT_YET_UPLOADED"), (error.Status, error.ErrCode));
    }

    [Fact]
    public async Task Download_WaitsUpToTimeout_ThenIsNotYetUploaded()
    {
        await using var host = MediaTestHost.Start();
        var created = await host.Service.CreateAsync(MediaTestHost.NewUser());
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            host.Service.DownloadAsync(created.ContentUri.Server.Value, created.ContentUri.MediaId, TimeSpan.FromMilliseconds(300)));

        Assert.Equal("M_NOT_YET_UPLOADED", error.ErrCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {watch.Elapsed}, before the 300 ms wait ended");
    }

    [Fact]
    public async Task Download_Waiting_GetsTheContent_AsSoonAsItIsUploaded()
    {
        await using var host = MediaTestHost.Start();
        var user = MediaTestHost.NewUser();
        var created = await host.Service.CreateAsync(user);
        var (server, id) = (created.ContentUri.Server.Value, created.ContentUri.MediaId);
        var watch = Stopwatch.StartNew();

        var download = host.Service.DownloadAsync(server, id, TimeSpan.FromSeconds(20));
        Assert.False(download.IsCompleted, "the download should wait for the upload");
        await host.Service.UploadToAsync(user, server, id, MediaTestHost.Upload([9, 8, 7], "text/plain", "late.txt"));

        var content = await download.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([9, 8, 7], await MediaTestHost.ReadAllAsync(content));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the waiter woke after {watch.Elapsed}, not at the upload");
    }

    [Fact]
    public async Task Wait_IsCappedByMaxUploadWait()
    {
        await using var host = MediaTestHost.Start(o => o.MaxUploadWait = TimeSpan.FromMilliseconds(200));
        var created = await host.Service.CreateAsync(MediaTestHost.NewUser());
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<MatrixException>(() =>
            host.Service.DownloadAsync(created.ContentUri.Server.Value, created.ContentUri.MediaId, TimeSpan.FromMinutes(5)));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"waited {watch.Elapsed} despite a 200 ms cap");
    }

    [Fact]
    public async Task UploadTo_Twice_CannotOverwriteMedia()
    {
        await using var host = MediaTestHost.Start();
        var user = MediaTestHost.NewUser();
        var created = await host.Service.CreateAsync(user);
        var (server, id) = (created.ContentUri.Server.Value, created.ContentUri.MediaId);
        await host.Service.UploadToAsync(user, server, id, MediaTestHost.Upload([1]));

        var error = await Assert.ThrowsAsync<MatrixException>(() => host.Service.UploadToAsync(user, server, id, MediaTestHost.Upload([2])));

        Assert.Equal((409, "M_CANNOT_OVERWRITE_MEDIA"), (error.Status, error.ErrCode));
        Assert.Equal([1], await MediaTestHost.ReadAllAsync(await host.Service.DownloadAsync(server, id, TimeSpan.Zero)));
    }

    [Fact]
    public async Task UploadTo_ByAnotherUser_IsForbidden()
    {
        await using var host = MediaTestHost.Start();
        var created = await host.Service.CreateAsync(MediaTestHost.NewUser());

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            host.Service.UploadToAsync(MediaTestHost.NewUser(), created.ContentUri.Server.Value, created.ContentUri.MediaId, MediaTestHost.Upload([1])));

        Assert.Equal((403, "M_FORBIDDEN"), (error.Status, error.ErrCode));
    }

    [Theory]
    [InlineData("media.test", "neverCreated")]
    [InlineData("elsewhere.test", "neverCreated")]
    public async Task UploadTo_AnIdNeverCreated_IsNotFound(string server, string mediaId)
    {
        await using var host = MediaTestHost.Start();

        var error = await Assert.ThrowsAsync<MatrixException>(() => host.Service.UploadToAsync(MediaTestHost.NewUser(), server, mediaId, MediaTestHost.Upload([1])));

        Assert.Equal((404, "M_NOT_FOUND"), (error.Status, error.ErrCode));
    }

    [Fact]
    public async Task UploadTo_AnExpiredId_IsNotFound_AndSoIsItsDownload()
    {
        await using var host = MediaTestHost.Start(o => o.UnusedExpiry = TimeSpan.FromHours(1));
        var user = MediaTestHost.NewUser();
        var created = await host.Service.CreateAsync(user);
        var (server, id) = (created.ContentUri.Server.Value, created.ContentUri.MediaId);
        host.Time.Advance(TimeSpan.FromHours(2));

        var upload = await Assert.ThrowsAsync<MatrixException>(() => host.Service.UploadToAsync(user, server, id, MediaTestHost.Upload([1])));
        var download = await Assert.ThrowsAsync<MatrixException>(() => host.Service.DownloadAsync(server, id, TimeSpan.FromSeconds(5)));

        Assert.Equal("M_NOT_FOUND", upload.ErrCode);
        Assert.Equal("M_NOT_FOUND", download.ErrCode);
    }

    [Fact]
    public async Task Create_PastThePendingLimit_IsRateLimited()
    {
        await using var host = MediaTestHost.Start(o => o.MaxPendingUploadsPerUser = 2);
        var user = MediaTestHost.NewUser();
        await host.Service.CreateAsync(user);
        await host.Service.CreateAsync(user);

        var error = await Assert.ThrowsAsync<MatrixException>(() => host.Service.CreateAsync(user));
        var other = await host.Service.CreateAsync(MediaTestHost.NewUser());

        Assert.Equal((429, "M_LIMIT_EXCEEDED"), (error.Status, error.ErrCode));
        Assert.NotNull(other);
    }

    [Fact]
    public async Task PendingLimit_FreesUp_WhenAnUploadCompletes()
    {
        await using var host = MediaTestHost.Start(o => o.MaxPendingUploadsPerUser = 1);
        var user = MediaTestHost.NewUser();
        var first = await host.Service.CreateAsync(user);
        await host.Service.UploadToAsync(user, first.ContentUri.Server.Value, first.ContentUri.MediaId, MediaTestHost.Upload([1]));

        var second = await host.Service.CreateAsync(user);

        Assert.NotEqual(first.ContentUri, second.ContentUri);
    }
}
