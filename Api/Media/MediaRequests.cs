using System.Globalization;
using ClawChat.Grains.Interfaces.Media;
using ClawChat.Matrix.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClawChat.Api.Media;

/// <summary>Reading media requests: the upload body as a stream (never buffered) under the media limit, and
/// the query parameters with the spec's errors.</summary>
public static class MediaRequests
{
    /// <summary>The spec's default <c>timeout_ms</c> (20 seconds).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The upload as it arrives. Kestrel is told the media limit for this request, so it stops
    /// reading (and fails the read with 413) once more arrives, chunked bodies included; the service counts
    /// too, for hosts that do not enforce the feature.</summary>
    public static MediaUpload ReadUpload(HttpContext context, long maxUploadBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (request.ContentLength > maxUploadBytes)
        {
            throw MatrixException.TooLarge($"Cannot upload files larger than {maxUploadBytes} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxUploadBytes;
        }

        return new MediaUpload(request.Body, request.ContentLength, request.ContentType, OptionalString(request, "filename"));
    }

    /// <summary><c>timeout_ms</c>: how long to wait for an asynchronous upload.</summary>
    public static TimeSpan ReadTimeout(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return OptionalInteger(request, "timeout_ms") is { } ms
            ? ms < 0 ? throw MatrixException.InvalidParam("'timeout_ms' must not be negative.") : TimeSpan.FromMilliseconds(Math.Min(ms, int.MaxValue))
            : DefaultTimeout;
    }

    /// <summary>The thumbnail parameters: <c>width</c> and <c>height</c> (required, positive), <c>method</c>
    /// (<c>scale</c> by default) and <c>animated</c>.</summary>
    public static ThumbnailRequest ReadThumbnail(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var width = OptionalInteger(request, "width") ?? throw MatrixException.MissingParam("'width' is required.");
        var height = OptionalInteger(request, "height") ?? throw MatrixException.MissingParam("'height' is required.");
        if (width <= 0 || height <= 0)
        {
            throw MatrixException.InvalidParam("'width' and 'height' must be positive.");
        }

        var method = OptionalString(request, "method") switch
        {
            null or "scale" => ThumbnailMethod.Scale,
            "crop" => ThumbnailMethod.Crop,
            _ => throw MatrixException.InvalidParam("'method' must be 'crop' or 'scale'."),
        };
        var animated = OptionalString(request, "animated") switch
        {
            null => (bool?)null,
            "true" => true,
            "false" => false,
            _ => throw MatrixException.InvalidParam("'animated' must be 'true' or 'false'."),
        };

        // Larger than any screen; also keeps the arithmetic of the resizer far from overflow.
        const int MaxDimension = 10_000;
        return new ThumbnailRequest((int)Math.Min(width, MaxDimension), (int)Math.Min(height, MaxDimension), method, animated);
    }

    private static string? OptionalString(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static long? OptionalInteger(HttpRequest request, string name) => OptionalString(request, name) switch
    {
        null => null,
        var text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw MatrixException.InvalidParam($"'{name}' must be an integer."),
    };
}
