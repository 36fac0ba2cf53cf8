using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.Media;

/// <summary>The media repository's HTTP surface (DIGEST §14), one file per area.</summary>
public static class MediaEndpoints
{
    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMediaUploadEndpoints();
        endpoints.MapMediaDownloadEndpoints();
        endpoints.MapMediaThumbnailEndpoints();
        endpoints.MapMediaConfigEndpoints();
        endpoints.MapUrlPreviewEndpoints();
        return endpoints;
    }
}
