using System.Globalization;
using System.Net;
using ClawChat.Testing;
using Xunit.Abstractions;

namespace ClawChat.Api.Tests.Media;

/// <summary>The upload limit applies while the body streams in (DIGEST §14: 413 M_TOO_LARGE).</summary>
public sealed class MediaUploadLimitTests(ITestOutputHelper output)
{
    private const int Limit = 1024 * 1024;

    [Fact]
    public async Task ChunkedUpload_PastTheLimit_IsTooLarge_WhileStreaming_WithoutBufferingTheBody()
    {
        const int limit = 8 * 1024 * 1024;
        await using var silo = await RunningSilo.StartAsync("--ClawChat:Media:MaxUploadBytes", limit.ToString(CultureInfo.InvariantCulture));
        var alice = await MatrixTestClient.RegisterAsync(silo);
        // Warm-up (JIT, pools, the first connection), so the measurement below sees the steady state.
        await MediaHttp.UploadAsync(alice, new byte[64 * 1024]);
        await using var connection = await RawHttpConnection.OpenAsync(silo.Client.BaseAddress!);
        var chunk = new byte[64 * 1024];
        Random.Shared.NextBytes(chunk);
        const long maxBody = 256L * 1024 * 1024;

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await connection.SendHeadAsync("POST", MediaHttp.UploadPath, silo.Client.BaseAddress!.Authority, [
            "Authorization: Bearer " + alice.AccessToken,
            "Content-Type: application/octet-stream",
            "Transfer-Encoding: chunked",
        ]);
        var response = connection.ReadResponseAsync();
        long sent = 0;
        while (!response.IsCompleted && sent < maxBody && await connection.TrySendChunkAsync(chunk))
        {
            sent += chunk.Length;
        }

        var (status, body) = await response.WaitAsync(TimeSpan.FromSeconds(30));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"client sent {sent:N0} bytes before the answer; the process allocated {allocated:N0} bytes meanwhile");

        Assert.Equal(413, status);
        Assert.Contains("\"M_TOO_LARGE\"", body, StringComparison.Ordinal);
        // The answer came while the client was still sending: a server that read the whole body before
        // checking would have waited for all 256 MB.
        Assert.True(sent < maxBody, $"the client sent the whole {maxBody:N0}-byte body before the server answered");
        Assert.True(sent > limit, $"the server answered after {sent:N0} bytes, before the {limit:N0}-byte limit was reached");
        // More than the limit went through the server, yet it allocated a fraction of that: the body streamed
        // through bounded buffers (Kestrel's pipe, one pooled copy buffer) to disk, never into memory whole.
        Assert.True(allocated < limit / 2, $"{allocated:N0} bytes were allocated while {limit:N0}+ bytes streamed through");
        Assert.Single(Directory.GetFiles(Path.Combine(silo.DataDirectory, "media", "content"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Upload_DeclaringMoreThanTheLimit_IsTooLarge_WithoutSendingTheBody()
    {
        await using var silo = await RunningSilo.StartAsync("--ClawChat:Media:MaxUploadBytes", Limit.ToString(CultureInfo.InvariantCulture));
        var alice = await MatrixTestClient.RegisterAsync(silo);
        await using var connection = await RawHttpConnection.OpenAsync(silo.Client.BaseAddress!);

        await connection.SendHeadAsync("POST", MediaHttp.UploadPath, silo.Client.BaseAddress!.Authority, [
            "Authorization: Bearer " + alice.AccessToken,
            "Content-Type: application/octet-stream",
            "Content-Length: " + (100L * Limit).ToString(CultureInfo.InvariantCulture),
        ]);
        var (status, body) = await connection.ReadResponseAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(413, status);
        Assert.Contains("\"M_TOO_LARGE\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_OfExactlyTheLimit_IsAccepted_AndTheLimitIsAdvertised()
    {
        await using var silo = await RunningSilo.StartAsync("--ClawChat:Media:MaxUploadBytes", Limit.ToString(CultureInfo.InvariantCulture));
        var alice = await MatrixTestClient.RegisterAsync(silo);
        var data = new byte[Limit];
        Random.Shared.NextBytes(data);

        var mxc = await MediaHttp.UploadAsync(alice, data);
        using var download = await MediaHttp.GetAsync(alice, MediaHttp.Download(mxc));

        Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(Limit, (await alice.GetAsync("/_matrix/client/v1/media/config")).AssertOk()["m.upload.size"].GetInt64());
    }

    [Fact]
    public async Task MediaLimit_CanExceedMaxRequestBytes_ForUploadsOnly()
    {
        await using var silo = await RunningSilo.StartAsync("--ClawChat:MaxRequestBytes", "65536", "--ClawChat:Media:MaxUploadBytes", "200000");
        var alice = await MatrixTestClient.RegisterAsync(silo);
        var data = new byte[150_000];

        var mxc = await MediaHttp.UploadAsync(alice, data);

        using var download = await MediaHttp.GetAsync(alice, MediaHttp.Download(mxc));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(data.Length, (await download.Content.ReadAsByteArrayAsync()).Length);
    }
}
