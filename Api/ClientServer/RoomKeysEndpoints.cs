using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Server-side key backup (DIGEST §12.7).</summary>
public static class RoomKeysEndpoints
{
    public static IEndpointRouteBuilder MapRoomKeysEndpoints(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
