using ClawChat.Api.ClientServer;
using ClawChat.Api.Health;
using ClawChat.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api;

/// <summary>Puts the Matrix HTTP surface on an application: middleware order matters — CORS first
/// (so even errors carry its headers), then error translation, then routing.</summary>
public static class ApiApplicationBuilderExtensions
{
    public static WebApplication UseClawChatApi(this WebApplication app)
    {
        app.UseMiddleware<CorsMiddleware>();
        app.UseMiddleware<MatrixErrorMiddleware>();
        app.UseRouting();
        MapEndpoints(app);
        return app;
    }

    private static void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthEndpoints();
        endpoints.MapVersionsEndpoints();
    }
}
