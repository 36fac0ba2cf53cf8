using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Media;
using ClawChat.Matrix.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.Media;

/// <summary>URL previews: off by default (404 M_UNRECOGNIZED, the spec's answer for an optional API the
/// server does not offer); when on, fetched by <see cref="IUrlPreviewService"/> with its address policy.</summary>
public static class UrlPreviewEndpoints
{
    public static IEndpointRouteBuilder MapUrlPreviewEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_matrix/client/v1/media/preview_url", PreviewAsync).RequireAccessToken();
        endpoints.MapGet("/_matrix/media/v3/preview_url", PreviewAsync).RequireAccessToken();
        return endpoints;
    }

    /// GET /_matrix/client/v1/media/preview_url (and the deprecated GET /_matrix/media/v3/preview_url)
    private static async Task<IResult> PreviewAsync(HttpContext context, IUrlPreviewService previews)
    {
        var requester = context.GetRequester();
        if (!previews.IsEnabled)
        {
            throw MatrixException.Unrecognized("URL previews are disabled on this server.");
        }

        var url = context.Request.Query.TryGetValue("url", out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0])
            ? values[0]!
            : throw MatrixException.MissingParam("'url' is required.");
        return MatrixResults.Json(await previews.PreviewAsync(requester.UserId, url, context.RequestAborted));
    }
}
