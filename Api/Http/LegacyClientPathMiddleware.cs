using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.Http;

/// <summary>
/// Serves the legacy <c>/_matrix/client/r0/…</c> paths as their <c>/v3/</c> equivalents. <c>v3</c> replaced
/// <c>r0</c> without changing the endpoints (spec v1.1), and older client libraries still use it — matrix-nio
/// 0.20 (Debian's <c>python3-matrix-nio</c>, used by <c>tests/e2e</c>) sends every request to <c>r0</c>. Runs
/// before routing; only the path changes (the already-decoded segments are kept as they are).
/// </summary>
public sealed class LegacyClientPathMiddleware(RequestDelegate next)
{
    private static readonly PathString LegacyPrefix = new("/_matrix/client/r0");
    private static readonly PathString CurrentPrefix = new("/_matrix/client/v3");

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(LegacyPrefix, StringComparison.Ordinal, out var rest))
        {
            context.Request.Path = CurrentPrefix.Add(rest);
        }

        return next(context);
    }
}
