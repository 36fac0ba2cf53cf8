using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>What the server lets clients do (DIGEST §17). Room versions list only what the room code implements.</summary>
public static class CapabilitiesEndpoints
{
    public const string DefaultRoomVersion = "11";

    public static IReadOnlyList<string> StableRoomVersions { get; } = ["10", "11"];

    public static IEndpointRouteBuilder MapCapabilitiesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/capabilities
        endpoints.MapGet("/_matrix/client/v3/capabilities", () =>
        {
            var available = new JsonObject();
            foreach (var version in StableRoomVersions)
            {
                available[version] = "stable";
            }

            return MatrixResults.Json(new JsonObject
            {
                ["capabilities"] = new JsonObject
                {
                    ["m.room_versions"] = new JsonObject { ["default"] = DefaultRoomVersion, ["available"] = available },
                    ["m.change_password"] = Enabled(true),
                    ["m.set_displayname"] = Enabled(true),
                    ["m.set_avatar_url"] = Enabled(true),
                    ["m.3pid_changes"] = Enabled(false),
                    ["m.get_login_token"] = Enabled(false),
                },
            });
        }).RequireAccessToken();

        return endpoints;
    }

    private static JsonObject Enabled(bool enabled) => new() { ["enabled"] = enabled };
}
