using System.Text.Json.Nodes;
using ClawChat.Matrix.Identifiers;

namespace ClawChat.Grains.Interfaces.Media;

/// <summary>URL previews (<c>GET /_matrix/client/v1/media/preview_url</c>): the server fetches a page for a user
/// and returns its OpenGraph data. Off unless configured; never fetches from private or loopback addresses.</summary>
public interface IUrlPreviewService
{
    /// <summary>Whether previews are enabled (<c>ClawChat:Media:UrlPreview:Enabled</c>).</summary>
    bool IsEnabled { get; }

    /// <summary>The OpenGraph object of <paramref name="url"/> (possibly empty). 400 M_INVALID_PARAM for a
    /// URL that is not http(s), 403 M_FORBIDDEN for a blocked address, 502 when the fetch fails.</summary>
    Task<JsonObject> PreviewAsync(UserId requester, string url, CancellationToken cancellationToken = default);
}
