using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.Http;

/// <summary>CORS as the Matrix spec requires (DIGEST §11): the headers on every response, and OPTIONS
/// answered on every path without running endpoint logic or asking for a token.</summary>
public sealed class CorsMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlAllowMethods = "GET, POST, PUT, DELETE, OPTIONS";
        headers.AccessControlAllowHeaders = "X-Requested-With, Content-Type, Authorization";
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{}", context.RequestAborted);
        }

        return next(context);
    }
}
