using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Join, invite, leave, forget, kick, ban, unban, knock (spec joining/inviting/leaving/kicking/banning/
/// knocking). Each builds the member event and lets the room run the auth rules (DIGEST §4, §16).</summary>
public static class MembershipEndpoints
{
    public static IEndpointRouteBuilder MapMembershipEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/join/{roomIdOrAlias}
        endpoints.MapPost("/_matrix/client/v3/join/{roomIdOrAlias}", async (HttpContext context, IGrainFactory grains, string roomIdOrAlias) =>
        {
            var roomId = await ResolveAsync(grains, roomIdOrAlias);
            return await JoinAsync(context, grains, roomId);
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/rooms/{roomId}/join
        endpoints.MapPost("/_matrix/client/v3/rooms/{roomId}/join", (HttpContext context, IGrainFactory grains, string roomId) =>
            JoinAsync(context, grains, RoomHttp.ParseRoomId(roomId))).RequireAccessToken();

        /// POST /_matrix/client/v3/knock/{roomIdOrAlias}
        endpoints.MapPost("/_matrix/client/v3/knock/{roomIdOrAlias}", async (HttpContext context, IGrainFactory grains, string roomIdOrAlias) =>
        {
            var requester = context.GetRequester().UserId.Value;
            var roomId = await ResolveAsync(grains, roomIdOrAlias);
            var body = await JsonBody.ReadObjectAsync(context);
            var profile = await RoomHttp.GetProfileAsync(grains, requester);
            await grains.GetGrain<IRoomGrain>(roomId).UpdateMembershipAsync(
                new MembershipCommand(requester, requester, MembershipAction.Knock, body.GetOptionalString("reason"), profile?.DisplayName, profile?.AvatarUrl));
            return RoomHttp.Json(w => w.WriteString("room_id", roomId));
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/rooms/{roomId}/invite
        endpoints.MapPost("/_matrix/client/v3/rooms/{roomId}/invite", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var body = await JsonBody.ReadObjectAsync(context);
            if (!body.ContainsKey("user_id") && body.ContainsKey("medium"))
            {
                throw MatrixException.Forbidden("Third-party invites are not supported.");
            }

            return await ChangeAsync(context, grains, roomId, body, RoomHttp.ReadUserId(body), MembershipAction.Invite);
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/rooms/{roomId}/leave
        endpoints.MapPost("/_matrix/client/v3/rooms/{roomId}/leave", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var body = await JsonBody.ReadObjectAsync(context);
            return await ChangeAsync(context, grains, roomId, body, context.GetRequester().UserId.Value, MembershipAction.Leave);
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/rooms/{roomId}/kick
        endpoints.MapPost("/_matrix/client/v3/rooms/{roomId}/kick", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var body = await JsonBody.ReadObjectAsync(context);
            return await ChangeAsync(context, grains, roomId, body, RoomHttp.ReadUserId(body), MembershipAction.Kick);
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/rooms/{roomId}/ban
        endpoints.MapPost("/_matrix/client/v3/rooms/{roomId}/ban", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var body = await JsonBody.ReadObjectAsync(context);
            return await ChangeAsync(context, grains, roomId, body, RoomHttp.ReadUserId(body), MembershipAction.Ban);
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/rooms/{roomId}/unban
        endpoints.MapPost("/_matrix/client/v3/rooms/{roomId}/unban", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var body = await JsonBody.ReadObjectAsync(context);
            return await ChangeAsync(context, grains, roomId, body, RoomHttp.ReadUserId(body), MembershipAction.Unban);
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/rooms/{roomId}/forget
        endpoints.MapPost("/_matrix/client/v3/rooms/{roomId}/forget", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var requester = context.GetRequester().UserId.Value;
            var room = grains.Room(roomId);
            var membership = await room.GetMembershipAsync(requester);
            if (membership is "join" or "invite" or "knock"
                || !await grains.GetGrain<IUserRoomsGrain>(requester).ForgetAsync(RoomHttp.ParseRoomId(roomId)))
            {
                throw MatrixException.Unknown("You must leave the room before forgetting it.", 400);
            }

            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }

    private static async Task<IResult> JoinAsync(HttpContext context, IGrainFactory grains, string roomId)
    {
        var requester = context.GetRequester().UserId.Value;
        var body = await JsonBody.ReadObjectAsync(context);
        var profile = await RoomHttp.GetProfileAsync(grains, requester);
        await grains.GetGrain<IRoomGrain>(roomId).UpdateMembershipAsync(
            new MembershipCommand(requester, requester, MembershipAction.Join, body.GetOptionalString("reason"), profile?.DisplayName, profile?.AvatarUrl));
        return RoomHttp.Json(w => w.WriteString("room_id", roomId));
    }

    private static async Task<IResult> ChangeAsync(HttpContext context, IGrainFactory grains, string roomId, JsonObject body, string target, MembershipAction action)
    {
        var requester = context.GetRequester().UserId.Value;
        await grains.Room(roomId).UpdateMembershipAsync(new MembershipCommand(requester, target, action, body.GetOptionalString("reason")));
        return MatrixResults.Empty;
    }

    /// <summary>A room ID, or a local alias resolved through its alias grain (404 M_NOT_FOUND when unknown).
    /// <c>via</c>/<c>server_name</c> are accepted and ignored: there is no federation yet.</summary>
    private static async Task<string> ResolveAsync(IGrainFactory grains, string roomIdOrAlias)
    {
        if (roomIdOrAlias.StartsWith(RoomAlias.Sigil))
        {
            if (!RoomAlias.TryParse(roomIdOrAlias, out var alias))
            {
                throw MatrixException.InvalidParam($"'{roomIdOrAlias}' is not a valid room alias.");
            }

            var target = await grains.GetGrain<IRoomAliasGrain>(alias.Value).GetAsync();
            return target?.RoomId ?? throw MatrixException.NotFound("Room alias not found.");
        }

        return RoomHttp.ParseRoomId(roomIdOrAlias);
    }
}
