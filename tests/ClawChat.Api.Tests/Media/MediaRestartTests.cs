using System.Net;
using ClawChat.Grains.Media;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Media;

/// <summary>Media lives on disk and in the database, so it outlives the silo process.</summary>
public sealed class MediaRestartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "clawchat-media-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Media_SurvivesASiloRestart_OnTheSameDataDirectory()
    {
        var data = new byte[250_000];
        Random.Shared.NextBytes(data);
        var image = TestImages.Create(MediaImageFormat.Png, 300, 200);
        string localpart, password, binary, picture, pending;
        await using (var first = await RunningSilo.StartAsync("--ClawChat:DataDirectory", _dataDirectory))
        {
            var alice = await MatrixTestClient.RegisterAsync(first);
            (localpart, password) = (alice.Localpart, alice.Password!);
            binary = await MediaHttp.UploadAsync(alice, data, "application/x-test", "data.bin");
            picture = await MediaHttp.UploadAsync(alice, image, "image/png");
            pending = (await alice.PostAsync("/_matrix/media/v1/create")).AssertOk().GetString("content_uri")!;
        }

        await using var second = await RunningSilo.StartAsync("--ClawChat:DataDirectory", _dataDirectory);
        var again = await MatrixTestClient.LoginAsync(second, localpart, password);
        using var download = await MediaHttp.GetAsync(again, MediaHttp.Download(binary));
        using var thumbnail = await MediaHttp.GetAsync(again, MediaHttp.Thumbnail(picture, 150, 150, "scale"));
        using var late = await MediaHttp.GetAsync(again, MediaHttp.Download(pending) + "?timeout_ms=0");

        Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment; filename=\"data.bin\"", download.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal((150, 100), TestImages.Decode(await thumbnail.Content.ReadAsByteArrayAsync()));
        // The reserved id survives too, still waiting for its content.
        await MediaHttp.AssertErrorAsync(late, HttpStatusCode.GatewayTimeout, "M_NOT_YET_UPLOADED");
        using (var put = MediaHttp.Request(again, HttpMethod.Put, "/_matrix/media/v3/upload/" + MediaHttp.PathOf(pending), [1, 2], "text/plain"))
        using (var response = await second.Client.SendAsync(put))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
