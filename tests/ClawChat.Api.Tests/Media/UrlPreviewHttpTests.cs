using System.Net;
using ClawChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Api.Tests.Media;

/// <summary>URL previews: off by default, and never a way into the server's own network.</summary>
public sealed class UrlPreviewHttpTests : IAsyncLifetime
{
    private const string Page = """
        <!doctype html><html><head>
        <title>Fallback title</title>
        <meta property="og:title" content="Claws &amp; Chat">
        <meta content="A homeserver for people and agents" property='og:description' />
        <meta property="og:image" content="https://example.org/secret.png">
        <meta property="og:site_name" content="ClawChat">
        </head><body>hello</body></html>
        """;

    private WebApplication? _pages;
    private string _pagesAddress = string.Empty;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _pages = builder.Build();
        _pages.MapGet("/page", () => Results.Content(Page, "text/html; charset=utf-8"));
        _pages.MapGet("/redirect", (HttpContext context) => Results.Redirect($"http://127.0.0.2:{context.Connection.LocalPort}/page"));
        _pages.MapGet("/binary", () => Results.Bytes([1, 2, 3], "application/octet-stream"));
        await _pages.StartAsync();
        _pagesAddress = _pages.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_pages is not null)
        {
            await _pages.DisposeAsync();
        }
    }

    [Fact]
    public async Task Previews_AreOffByDefault()
    {
        await using var silo = await RunningSilo.StartAsync();
        var alice = await MatrixTestClient.RegisterAsync(silo);

        (await alice.GetAsync(Preview("https://example.org/"))).AssertError(HttpStatusCode.NotFound, "M_UNRECOGNIZED");
    }

    [Theory]
    [InlineData("{0}/page")]
    [InlineData("http://localhost:{1}/page")]
    [InlineData("http://[::1]:{1}/page")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.1.2.3/")]
    public async Task Previews_RefuseLoopbackAndPrivateAddresses(string template)
    {
        await using var silo = await RunningSilo.StartAsync("--ClawChat:Media:UrlPreview:Enabled", "true", "--ClawChat:Media:UrlPreview:Timeout", "00:00:05");
        var alice = await MatrixTestClient.RegisterAsync(silo);
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _pagesAddress, new Uri(_pagesAddress).Port);

        (await alice.GetAsync(Preview(url))).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Fact]
    public async Task Previews_ReturnOpenGraphData_FromAnAllowedNetwork()
    {
        await using var silo = await StartAllowingLoopbackAsync();
        var alice = await MatrixTestClient.RegisterAsync(silo);

        var preview = (await alice.GetAsync(Preview(_pagesAddress + "/page"))).AssertOk();

        Assert.Equal("Claws & Chat", preview.GetString("og:title"));
        Assert.Equal("A homeserver for people and agents", preview.GetString("og:description"));
        Assert.Equal("ClawChat", preview.GetString("og:site_name"));
        // og:image must be an mxc URI per the spec; remote images are not fetched, so it is left out.
        Assert.False(preview.Has("og:image"));
    }

    [Fact]
    public async Task Previews_FollowNoRedirectIntoABlockedNetwork()
    {
        await using var silo = await StartAllowingLoopbackAsync();
        var alice = await MatrixTestClient.RegisterAsync(silo);

        (await alice.GetAsync(Preview(_pagesAddress + "/redirect"))).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Fact]
    public async Task Previews_OfNonHtml_AreEmpty()
    {
        await using var silo = await StartAllowingLoopbackAsync();
        var alice = await MatrixTestClient.RegisterAsync(silo);

        Assert.Equal("{}", (await alice.GetAsync(Preview(_pagesAddress + "/binary"))).AssertOk().Text);
    }

    [Theory]
    [InlineData("/_matrix/client/v1/media/preview_url", "M_MISSING_PARAM")]
    [InlineData("/_matrix/client/v1/media/preview_url?url=ftp%3A%2F%2Fexample.org%2F", "M_INVALID_PARAM")]
    [InlineData("/_matrix/client/v1/media/preview_url?url=not%20a%20url", "M_INVALID_PARAM")]
    public async Task Previews_NeedAnHttpUrl(string path, string errcode)
    {
        await using var silo = await RunningSilo.StartAsync("--ClawChat:Media:UrlPreview:Enabled", "true");
        var alice = await MatrixTestClient.RegisterAsync(silo);

        (await alice.GetAsync(path)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    private static string Preview(string url) => "/_matrix/client/v1/media/preview_url?url=" + Uri.EscapeDataString(url);

    private static Task<RunningSilo> StartAllowingLoopbackAsync() => RunningSilo.StartAsync(
        "--ClawChat:Media:UrlPreview:Enabled", "true",
        "--ClawChat:Media:UrlPreview:AllowedNetworks:0", "127.0.0.1/32");
}
