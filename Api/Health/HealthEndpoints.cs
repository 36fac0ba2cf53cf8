using System.Text.Json.Serialization;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace ClawChat.Api.Health;

/// <summary>Liveness (the process answers) and readiness (the silo admits grain calls and the host is
/// not stopping) for load balancers and orchestrators.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /health/live
        endpoints.MapGet("/health/live", () => Results.Json(new HealthResponse("live"), ApiJsonContext.Default.HealthResponse));

        /// GET /health/ready
        endpoints.MapGet("/health/ready", (GrainSilo silo, IHostApplicationLifetime lifetime) =>
        {
            var ready = silo.IsReady && !lifetime.ApplicationStopping.IsCancellationRequested;
            return Results.Json(
                new HealthResponse(ready ? "ready" : "not ready"),
                ApiJsonContext.Default.HealthResponse,
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}

/// <summary>Body of the health endpoints.</summary>
public sealed record HealthResponse([property: JsonPropertyName("status")] string Status);
