using ClawChat.Grains.Interfaces.Media;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.Media;

/// <summary>Media responses with the spec's safety headers (DIGEST §14): Content-Disposition, a sandboxing
/// Content-Security-Policy (so even content a browser is tricked into rendering cannot run script or reach
/// anything), <c>X-Content-Type-Options: nosniff</c> (no guessing a more dangerous type than the one
/// declared) and <c>Cross-Origin-Resource-Policy: cross-origin</c> (web clients on other origins may embed
/// it). Range requests are honoured, which video seeking needs.</summary>
public static class MediaResults
{
    public const string ContentSecurityPolicy =
        "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; object-src 'self';";

    /// <summary>A download: inline or attachment by type, named by <paramref name="fileNameOverride"/> or the upload's name.</summary>
    public static IResult Download(HttpContext context, MediaContent content, string? fileNameOverride)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(content);
        return Send(context, content, ContentDisposition.For(content.ContentType, fileNameOverride ?? content.FileName));
    }

    /// <summary>A thumbnail: always inline (the spec requires it; thumbnails are only ever safe image types).</summary>
    public static IResult Thumbnail(HttpContext context, MediaContent content)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(content);
        return Send(context, content, ContentDisposition.Build("inline", content.FileName));
    }

    private static IResult Send(HttpContext context, MediaContent content, string disposition)
    {
        var headers = context.Response.Headers;
        headers.ContentDisposition = disposition;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        // The stream result disposes the stream once the body is written.
        return Results.Stream(content.Content, content.ContentType, enableRangeProcessing: true);
    }
}
