using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Media;

/// <summary>Binary media requests (MatrixTestClient sends JSON and reads bodies as text).</summary>
internal static class MediaHttp
{
    public const string UploadPath = "/_matrix/media/v3/upload";

    public static HttpRequestMessage Request(MatrixTestClient user, HttpMethod method, string path, byte[]? body = null, string? contentType = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (user.IsAuthenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        return request;
    }

    /// <summary>Uploads and returns the <c>mxc://</c> URI.</summary>
    public static async Task<string> UploadAsync(MatrixTestClient user, byte[] data, string? contentType = "application/octet-stream", string? fileName = null)
    {
        var path = UploadPath + (fileName is null ? string.Empty : "?filename=" + Uri.EscapeDataString(fileName));
        using var request = Request(user, HttpMethod.Post, path, data, contentType);
        using var response = await user.Silo.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path} answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("content_uri").GetString()!;
    }

    /// <summary>"server/mediaId" of an mxc URI, for building paths.</summary>
    public static string PathOf(string mxc) => mxc["mxc://".Length..];

    public static string Download(string mxc) => "/_matrix/client/v1/media/download/" + PathOf(mxc);

    public static string Thumbnail(string mxc, int width, int height, string method) =>
        FormattableString.Invariant($"/_matrix/client/v1/media/thumbnail/{PathOf(mxc)}?width={width}&height={height}&method={method}");

    public static async Task<HttpResponseMessage> GetAsync(MatrixTestClient user, string path)
    {
        using var request = Request(user, HttpMethod.Get, path);
        return await user.Silo.Client.SendAsync(request);
    }

    /// <summary>Asserts a Matrix error response and returns nothing else worth keeping.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errcode)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {errcode} but got {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        Assert.Equal(errcode, json.RootElement.GetProperty("errcode").GetString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
