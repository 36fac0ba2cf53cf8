using ClawChat.Grains.Interfaces.Media;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Tests.Media;

public sealed class DeleteUserMediaTests
{
    [Fact]
    public async Task DeleteUserMedia_RemovesTheUsersMedia_AndOnlyUnreferencedContent()
    {
        await using var host = MediaTestHost.Start();
        var (alice, bob) = (MediaTestHost.NewUser(), MediaTestHost.NewUser());
        var shared = new byte[] { 1, 1, 1 };
        var alicesOwn = TestImages.Create(Grains.Media.MediaImageFormat.Png, 64, 64);
        var aliceShared = await host.Service.UploadAsync(alice, MediaTestHost.Upload(shared));
        var aliceImage = await host.Service.UploadAsync(alice, MediaTestHost.Upload(alicesOwn, "image/png"));
        var bobShared = await host.Service.UploadAsync(bob, MediaTestHost.Upload(shared));
        await host.Service.CreateAsync(alice);
        await (await host.Service.GetThumbnailAsync(aliceImage.Server.Value, aliceImage.MediaId, new ThumbnailRequest(32, 32, ThumbnailMethod.Crop, null), TimeSpan.Zero)).DisposeAsync();
        Assert.NotEmpty(Directory.GetFiles(host.Thumbnailer.CacheDirectory, "*", SearchOption.AllDirectories));

        var report = await host.Service.DeleteUserMediaAsync(alice);

        Assert.Equal(new MediaDeletionReport(MediaDeleted: 3, ContentFilesDeleted: 1), report);
        foreach (var gone in new[] { aliceShared, aliceImage })
        {
            var error = await Assert.ThrowsAsync<MatrixException>(() => host.Service.DownloadAsync(gone.Server.Value, gone.MediaId, TimeSpan.Zero));
            Assert.Equal("M_NOT_FOUND", error.ErrCode);
        }

        Assert.Equal(shared, await MediaTestHost.ReadAllAsync(await host.Service.DownloadAsync(bobShared.Server.Value, bobShared.MediaId, TimeSpan.Zero)));
        Assert.Single(host.ContentFiles());
        Assert.Empty(Directory.GetFiles(host.Thumbnailer.CacheDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DeleteUserMedia_OfAUserWithoutMedia_DeletesNothing()
    {
        await using var host = MediaTestHost.Start();

        Assert.Equal(new MediaDeletionReport(0, 0), await host.Service.DeleteUserMediaAsync(MediaTestHost.NewUser()));
    }
}
