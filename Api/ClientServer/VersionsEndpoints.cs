using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Spec versions and unstable features the server advertises (DIGEST §17). Clients test
/// membership, so each version is listed individually. v1.11 is the highest whose client-visible switch
/// we honour: authenticated media (<c>/_matrix/client/v1/media/*</c>) is implemented and legacy media
/// refuses new content. Not yet implemented and therefore not advertised: v1.12+ features (e.g. room
/// summaries of v1.15, redactions via /send of v1.18) and sliding sync (MSC4186).</summary>
public static class VersionsEndpoints
{
    /// <summary>The spec versions this server conforms to.</summary>
    public static IReadOnlyList<string> SupportedVersions { get; } =
        ["v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11"];

    /// <summary>Unstable features (MSC flags) this server implements.</summary>
    public static IReadOnlyDictionary<string, bool> UnstableFeatures { get; } = new Dictionary<string, bool>(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapVersionsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/versions
        endpoints.MapGet("/_matrix/client/versions", () =>
            Results.Json(new VersionsResponse(SupportedVersions, UnstableFeatures), ApiJsonContext.Default.VersionsResponse));
        return endpoints;
    }
}

/// <summary>Body of <c>GET /_matrix/client/versions</c>.</summary>
public sealed record VersionsResponse(
    [property: JsonPropertyName("versions")] IReadOnlyList<string> Versions,
    [property: JsonPropertyName("unstable_features")] IReadOnlyDictionary<string, bool> UnstableFeatures);
