using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Device keys, one-time keys, cross-signing and signatures (DIGEST §12.1–12.3, §12.6).</summary>
public static class KeysEndpoints
{
    public static IEndpointRouteBuilder MapKeysEndpoints(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
