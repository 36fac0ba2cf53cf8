using System.Text.Json;
using ClawChat.Matrix.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ClawChat.Api.Http;

/// <summary>
/// Authenticates requests to endpoints carrying <see cref="RequiresAccessTokenMetadata"/> (DIGEST §10.1):
/// the token comes from <c>Authorization: Bearer</c> or the deprecated <c>?access_token=</c>; none →
/// 401 M_MISSING_TOKEN (unless the token is optional); unknown, revoked or of a deactivated account →
/// 401 M_UNKNOWN_TOKEN with <c>soft_logout: false</c>. On success the <see cref="Requester"/> feature is set.
/// Runs after routing (it reads the endpoint's metadata).
/// </summary>
public sealed class AccessTokenMiddleware
{
    private static readonly Dictionary<string, JsonElement> HardLogout = new(StringComparer.Ordinal)
    {
        ["soft_logout"] = JsonSerializer.SerializeToElement(false),
    };

    private readonly RequestDelegate _next;
    private readonly AccessTokenResolver _resolver;

    public AccessTokenMiddleware(RequestDelegate next, AccessTokenResolver resolver)
    {
        _next = next;
        _resolver = resolver;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<RequiresAccessTokenMetadata>();
        if (metadata is null)
        {
            await _next(context);
            return;
        }

        var token = ReadToken(context.Request);
        if (token is null)
        {
            if (!metadata.IsOptional)
            {
                throw MatrixException.MissingToken();
            }

            await _next(context);
            return;
        }

        var requester = await _resolver.ResolveAsync(token, context.Connection.RemoteIpAddress?.ToString())
            ?? throw new MatrixException(StatusCodes.Status401Unauthorized, MatrixErrorCode.UnknownToken, "Unknown or revoked access token.", HardLogout);
        context.SetRequester(requester);
        await _next(context);
    }

    /// <summary>The bearer token of the request, or null. A header with another scheme counts as no token.</summary>
    internal static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string Bearer = "Bearer ";
        if (header.Length > Bearer.Length && header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return header[Bearer.Length..].Trim();
        }

        return request.Query["access_token"].ToString() is { Length: > 0 } query ? query : null;
    }
}
