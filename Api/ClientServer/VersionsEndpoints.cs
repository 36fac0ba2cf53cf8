using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Spec versions and unstable features the server advertises (DIGEST §17). Clients test
/// membership, so each version is listed individually — and only once its client-visible features
/// are implemented: later issues add versions as their endpoints land.</summary>
public static class VersionsEndpoints
{
    /// <summary>The spec versions this server conforms to.</summary>
    public static IReadOnlyList<string> SupportedVersions { get; } = [];

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
