using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Media;
using ClawChat.Matrix.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.Media;

/// <summary>Downloads (DIGEST §14; spec authed-content-repo.yaml). Clients use the authenticated v1.11
/// endpoints. The legacy unauthenticated ones are "frozen" as v1.12 recommends: everything this server stores
/// was uploaded after authenticated media existed, so they answer 404 M_NOT_FOUND for all of it.</summary>
public static class MediaDownloadEndpoints
{
    internal const string FrozenMessage =
        "Unauthenticated media access is frozen: use the authenticated /_matrix/client/v1/media endpoints.";

    public static IEndpointRouteBuilder MapMediaDownloadEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_matrix/client/v1/media/download/{serverName}/{mediaId}", DownloadAsync).RequireAccessToken();
        endpoints.MapGet("/_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}", DownloadWithNameAsync).RequireAccessToken();
        endpoints.MapGet("/_matrix/media/v3/download/{serverName}/{mediaId}", LegacyDownload);
        endpoints.MapGet("/_matrix/media/v3/download/{serverName}/{mediaId}/{fileName}", LegacyDownload);
        return endpoints;
    }

    /// GET /_matrix/client/v1/media/download/{serverName}/{mediaId}
    private static Task<IResult> DownloadAsync(HttpContext context, string serverName, string mediaId, IMediaService media) =>
        SendAsync(context, serverName, mediaId, fileName: null, media);

    /// GET /_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}
    private static Task<IResult> DownloadWithNameAsync(HttpContext context, string serverName, string mediaId, string fileName, IMediaService media) =>
        SendAsync(context, serverName, mediaId, fileName, media);

    /// GET /_matrix/media/v3/download/{serverName}/{mediaId}[/{fileName}]
    private static IResult LegacyDownload() => throw MatrixException.NotFound(FrozenMessage);

    private static async Task<IResult> SendAsync(HttpContext context, string serverName, string mediaId, string? fileName, IMediaService media)
    {
        context.GetRequester();
        var content = await media.DownloadAsync(serverName, mediaId, MediaRequests.ReadTimeout(context.Request), context.RequestAborted);
        return MediaResults.Download(context, content, fileName);
    }
}
