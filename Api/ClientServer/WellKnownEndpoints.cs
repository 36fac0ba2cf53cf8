using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ClawChat.Api.ClientServer;

/// <summary>Client discovery (DIGEST §17): <c>base_url</c> is <c>ClawChat:PublicBaseUrl</c>, or when unset the
/// scheme and host of this request (see <see cref="ClawChatOptions.PublicBaseUrl"/>).</summary>
public static class WellKnownEndpoints
{
    public static IEndpointRouteBuilder MapWellKnownEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /.well-known/matrix/client
        endpoints.MapGet("/.well-known/matrix/client", (HttpContext context, IOptions<ClawChatOptions> options) =>
            MatrixResults.Json(AccountsHttp.WellKnown(context, options.Value)));
        return endpoints;
    }
}
