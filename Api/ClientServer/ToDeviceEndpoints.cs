using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Send-to-device (DIGEST §13) and /keys/changes (§12.4).</summary>
public static class ToDeviceEndpoints
{
    public static IEndpointRouteBuilder MapToDeviceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
