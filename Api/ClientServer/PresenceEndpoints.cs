using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Presence (DIGEST §16, spec presence.yaml). With <c>ClawChat:Presence:Enabled=false</c> a PUT is accepted
/// and ignored and everyone reads as offline.</summary>
public static class PresenceEndpoints
{
    public static IEndpointRouteBuilder MapPresenceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/presence/{userId}/status
        endpoints.MapGet("/_matrix/client/v3/presence/{userId}/status", async (HttpContext context, IGrainFactory grains, string userId) =>
        {
            context.GetRequester();
            if (!UserId.TryParse(userId, out var target))
            {
                throw MatrixException.InvalidParam($"'{userId}' is not a valid user ID.");
            }

            if (!SyncHttp.PresenceEnabled(context))
            {
                return MatrixResults.Json(new JsonObject { ["presence"] = PresenceStates.Offline });
            }

            var info = await grains.GetGrain<IPresenceGrain>(target.Value).GetAsync();
            var body = new JsonObject { ["presence"] = info.Presence };
            if (info.LastActiveTs > 0)
            {
                body["last_active_ago"] = Math.Max(0, SyncHttp.Time(context).GetUtcNow().ToUnixTimeMilliseconds() - info.LastActiveTs);
            }

            if (info.StatusMessage is not null)
            {
                body["status_msg"] = info.StatusMessage;
            }

            body["currently_active"] = info.CurrentlyActive;
            return MatrixResults.Json(body);
        }).RequireAccessToken();

        /// PUT /_matrix/client/v3/presence/{userId}/status
        endpoints.MapPut("/_matrix/client/v3/presence/{userId}/status", async (HttpContext context, IGrainFactory grains, string userId) =>
        {
            var self = SyncHttp.RequireSelf(context, userId, "set presence");
            var body = await JsonBody.ReadObjectAsync(context);
            var presence = body.GetRequiredString("presence");
            if (!PresenceStates.IsValid(presence))
            {
                throw MatrixException.InvalidParam("'presence' must be 'online', 'unavailable' or 'offline'.");
            }

            var statusMessage = body.GetOptionalString("status_msg");
            if (SyncHttp.PresenceEnabled(context))
            {
                await grains.GetGrain<IPresenceGrain>(self).SetAsync(presence, statusMessage, fromSync: false);
            }

            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }
}
