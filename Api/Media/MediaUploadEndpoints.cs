using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.Media;

/// <summary>Uploads (DIGEST §14; spec content-repo.yaml): direct, and asynchronous (create an mxc URI, upload
/// to it later). Bodies stream to disk; the upload limit applies while they stream.</summary>
public static class MediaUploadEndpoints
{
    public static IEndpointRouteBuilder MapMediaUploadEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/_matrix/media/v3/upload", UploadAsync).RequireAccessToken();
        endpoints.MapPut("/_matrix/media/v3/upload/{serverName}/{mediaId}", UploadToAsync).RequireAccessToken();
        endpoints.MapPost("/_matrix/media/v1/create", CreateAsync).RequireAccessToken();
        return endpoints;
    }

    /// POST /_matrix/media/v3/upload
    private static async Task<IResult> UploadAsync(HttpContext context, IMediaService media)
    {
        var requester = context.GetRequester();
        var uri = await media.UploadAsync(requester.UserId, MediaRequests.ReadUpload(context, media.MaxUploadBytes), context.RequestAborted);
        return MatrixResults.Json(new JsonObject { ["content_uri"] = uri.ToString() });
    }

    /// PUT /_matrix/media/v3/upload/{serverName}/{mediaId}
    private static async Task<IResult> UploadToAsync(HttpContext context, string serverName, string mediaId, IMediaService media)
    {
        var requester = context.GetRequester();
        await media.UploadToAsync(requester.UserId, serverName, mediaId, MediaRequests.ReadUpload(context, media.MaxUploadBytes), context.RequestAborted);
        return MatrixResults.Empty;
    }

    /// POST /_matrix/media/v1/create
    private static async Task<IResult> CreateAsync(HttpContext context, IMediaService media)
    {
        var requester = context.GetRequester();
        var created = await media.CreateAsync(requester.UserId, context.RequestAborted);
        return MatrixResults.Json(new JsonObject
        {
            ["content_uri"] = created.ContentUri.ToString(),
            ["unused_expires_at"] = created.UnusedExpiresAt,
        });
    }
}
