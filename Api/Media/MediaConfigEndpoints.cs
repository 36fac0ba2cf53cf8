using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.Media;

/// <summary>The content repository's configuration: the upload limit clients check before uploading.</summary>
public static class MediaConfigEndpoints
{
    public static IEndpointRouteBuilder MapMediaConfigEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_matrix/client/v1/media/config", Config).RequireAccessToken();
        endpoints.MapGet("/_matrix/media/v3/config", Config).RequireAccessToken();
        return endpoints;
    }

    /// GET /_matrix/client/v1/media/config (and the deprecated GET /_matrix/media/v3/config)
    private static IResult Config(HttpContext context, IMediaService media)
    {
        context.GetRequester();
        return MatrixResults.Json(new JsonObject { ["m.upload.size"] = media.MaxUploadBytes });
    }
}
