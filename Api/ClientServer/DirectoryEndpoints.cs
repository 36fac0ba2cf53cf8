using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.RoomDirectory;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ClawChat.Api.ClientServer;

/// <summary>
/// Room aliases and the room directory listing (DIGEST §16; spec directory.yaml, list_public_rooms.yaml).
/// Aliases are local only (no federation): a remote alias cannot be created (400 M_INVALID_PARAM) and does not
/// resolve (404). Creating an alias needs membership of the room; deleting one needs to be its creator, a
/// server admin or a member who may send <c>m.room.canonical_alias</c>. Publishing a room needs the same power.
/// </summary>
public static class DirectoryEndpoints
{
    public static IEndpointRouteBuilder MapDirectoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// PUT /_matrix/client/v3/directory/room/{roomAlias}
        endpoints.MapPut("/_matrix/client/v3/directory/room/{roomAlias}", async (HttpContext context, IGrainFactory grains, IOptions<ClawChatOptions> options, string roomAlias) =>
        {
            var requester = context.GetRequester().UserId.Value;
            var alias = ParseLocalAlias(roomAlias, options.Value);
            var body = await JsonBody.ReadObjectAsync(context);
            var roomId = RoomHttp.ParseRoomId(body.GetRequiredString("room_id"));
            if (await grains.GetGrain<IRoomGrain>(roomId).GetMembershipAsync(requester) != Membership.Join)
            {
                throw MatrixException.Forbidden("You must be in the room to create an alias for it.");
            }

            var aliasGrain = grains.GetGrain<IRoomAliasGrain>(alias);
            if (await aliasGrain.GetAsync() is not null || !await aliasGrain.TrySetAsync(roomId, requester))
            {
                throw MatrixException.Unknown($"Room alias {alias} already exists.", StatusCodes.Status409Conflict);
            }

            return MatrixResults.Empty;
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/directory/room/{roomAlias}
        endpoints.MapGet("/_matrix/client/v3/directory/room/{roomAlias}", async (IGrainFactory grains, IOptions<ClawChatOptions> options, string roomAlias) =>
        {
            if (!RoomAlias.TryParse(roomAlias, out var alias))
            {
                throw MatrixException.InvalidParam($"'{roomAlias}' is not a valid room alias.");
            }

            var target = await grains.GetGrain<IRoomAliasGrain>(alias.Value).GetAsync()
                ?? throw MatrixException.NotFound($"Room alias {alias.Value} not found.");
            return MatrixResults.Json(new JsonObject
            {
                ["room_id"] = target.RoomId,
                ["servers"] = new JsonArray(options.Value.ServerName),
            });
        }).AllowAccessToken();

        /// DELETE /_matrix/client/v3/directory/room/{roomAlias}
        endpoints.MapDelete("/_matrix/client/v3/directory/room/{roomAlias}", async (HttpContext context, IGrainFactory grains, IOptions<ClawChatOptions> options, string roomAlias) =>
        {
            var requester = context.GetRequester().UserId.Value;
            var alias = ParseLocalAlias(roomAlias, options.Value);
            var aliasGrain = grains.GetGrain<IRoomAliasGrain>(alias);
            var target = await aliasGrain.GetAsync() ?? throw MatrixException.NotFound($"Room alias {alias} not found.");
            var allowed = string.Equals(target.Creator, requester, StringComparison.Ordinal)
                || await grains.GetGrain<IRoomSummaryGrain>(target.RoomId).CanSendStateAsync(requester, EventTypes.CanonicalAlias)
                || (await grains.GetGrain<IUserGrain>(requester).GetAccountAsync())?.IsAdmin == true;
            if (!allowed)
            {
                throw MatrixException.Forbidden("You may not delete this alias.");
            }

            if (!await aliasGrain.DeleteAsync())
            {
                throw MatrixException.NotFound($"Room alias {alias} not found.");
            }

            // directory.yaml: a server that updates the canonical alias still deletes the alias (and succeeds)
            // when the user may not change that event.
            try
            {
                await grains.GetGrain<IRoomMaintenanceGrain>(target.RoomId).RemoveCanonicalAliasAsync(requester, alias);
            }
            catch (MatrixException)
            {
                // The alias is gone; the room keeps announcing it until someone with the power edits the event.
            }
            return MatrixResults.Empty;
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/rooms/{roomId}/aliases
        endpoints.MapGet("/_matrix/client/v3/rooms/{roomId}/aliases", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var requester = context.GetRequester().UserId.Value;
            var id = RoomHttp.ParseRoomId(roomId);
            var summary = await grains.GetGrain<IRoomSummaryGrain>(id).GetSummaryAsync() ?? throw MatrixException.NotFound("Unknown room.");
            if (!summary.WorldReadable && await grains.GetGrain<IRoomGrain>(id).GetMembershipAsync(requester) != Membership.Join)
            {
                throw MatrixException.Forbidden("You are not a member of the room.");
            }

            var aliases = await grains.GetGrain<IRoomLocalAliasesGrain>(id).GetAsync();
            return MatrixResults.Json(new JsonObject { ["aliases"] = new JsonArray([.. aliases.Select(a => (JsonNode)a)]) });
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/directory/list/room/{roomId}
        endpoints.MapGet("/_matrix/client/v3/directory/list/room/{roomId}", async (IGrainFactory grains, string roomId) =>
        {
            var id = RoomHttp.ParseRoomId(roomId);
            _ = await grains.GetGrain<IRoomSummaryGrain>(id).GetSummaryAsync() ?? throw MatrixException.NotFound("Unknown room.");
            var published = await grains.GetGrain<IPublicRoomListGrain>(IPublicRoomListGrain.Key).IsPublishedAsync(id);
            return MatrixResults.Json(new JsonObject { ["visibility"] = published ? "public" : "private" });
        }).AllowAccessToken();

        /// PUT /_matrix/client/v3/directory/list/room/{roomId}
        endpoints.MapPut("/_matrix/client/v3/directory/list/room/{roomId}", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var requester = context.GetRequester().UserId.Value;
            var id = RoomHttp.ParseRoomId(roomId);
            var body = await JsonBody.ReadObjectAsync(context);

            // Synapse practice: a missing visibility means public.
            var visibility = body.GetOptionalString("visibility") ?? "public";
            if (visibility is not ("public" or "private"))
            {
                throw MatrixException.InvalidParam("'visibility' must be 'public' or 'private'.");
            }

            _ = await grains.GetGrain<IRoomSummaryGrain>(id).GetSummaryAsync() ?? throw MatrixException.NotFound("Unknown room.");
            if (!await grains.GetGrain<IRoomSummaryGrain>(id).CanSendStateAsync(requester, EventTypes.CanonicalAlias))
            {
                throw MatrixException.Forbidden("You may not change this room's directory visibility.");
            }

            await grains.GetGrain<IPublicRoomListGrain>(IPublicRoomListGrain.Key).SetPublishedAsync(id, visibility == "public");
            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }

    /// <summary>An alias of this server (aliases of other servers cannot be managed here: 400 M_INVALID_PARAM).</summary>
    private static string ParseLocalAlias(string value, ClawChatOptions options)
    {
        if (!RoomAlias.TryParse(value, out var alias))
        {
            throw MatrixException.InvalidParam($"'{value}' is not a valid room alias.");
        }

        if (!string.Equals(alias.Server.Value, options.ServerName, StringComparison.Ordinal))
        {
            throw MatrixException.InvalidParam("Room alias must be local.");
        }

        return alias.Value;
    }
}
