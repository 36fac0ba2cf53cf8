using System.Net;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Media;

/// <summary>Cluster-mode storage: PostgreSQL for metadata and one content directory shared by every silo
/// (<c>ClawChat:Media:ContentDirectory</c>), so any silo serves any upload. Needs the test PostgreSQL server
/// (CLAWCHAT_TEST_POSTGRES, started by ./test.sh).</summary>
public sealed class MediaSharedStorageTests : IAsyncLifetime
{
    private readonly string _contentDirectory = Path.Combine(Path.GetTempPath(), "clawchat-shared-media-" + Guid.NewGuid().ToString("N"));
    private PostgresDatabase? _database;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync(PostgresDatabase.RequireConnectionString());

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (Directory.Exists(_contentDirectory))
        {
            Directory.Delete(_contentDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task AnUploadToOneSilo_IsServedByAnother()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        var alice = await MatrixTestClient.RegisterAsync(first);
        var data = new byte[100_000];
        Random.Shared.NextBytes(data);

        var mxc = await MediaHttp.UploadAsync(alice, data, "application/x-test", "shared.bin");
        var bob = await MatrixTestClient.RegisterAsync(second);
        using var download = await MediaHttp.GetAsync(bob, MediaHttp.Download(mxc));
        var pending = (await alice.PostAsync("/_matrix/media/v1/create")).AssertOk().GetString("content_uri")!;
        using var early = await MediaHttp.GetAsync(bob, MediaHttp.Download(pending) + "?timeout_ms=0");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
        await MediaHttp.AssertErrorAsync(early, HttpStatusCode.GatewayTimeout, "M_NOT_YET_UPLOADED");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));
        Assert.True(File.Exists(Path.Combine(_contentDirectory, sha[..2], sha[2..4], sha)), "content is not in the configured shared directory");
    }

    private Task<RunningSilo> StartAsync() => RunningSilo.StartAsync(
        "--ClawChat:Storage:Postgres", _database!.ConnectionString,
        "--ClawChat:Media:ContentDirectory", _contentDirectory);
}
