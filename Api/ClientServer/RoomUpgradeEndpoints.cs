using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary><c>POST /rooms/{roomId}/upgrade</c> (DIGEST §5 "Room upgrades"; spec room_upgrades.yaml); the work is
/// done by the old room's <see cref="IRoomUpgradeGrain"/>.</summary>
public static class RoomUpgradeEndpoints
{
    public static IEndpointRouteBuilder MapRoomUpgradeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/rooms/{roomId}/upgrade
        endpoints.MapPost("/_matrix/client/v3/rooms/{roomId}/upgrade", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var requester = context.GetRequester().UserId.Value;
            var id = RoomHttp.ParseRoomId(roomId);
            var body = await JsonBody.ReadObjectAsync(context);
            var newVersion = body.GetRequiredString("new_version");
            if (!RoomVersion.TryGet(newVersion, out _))
            {
                throw MatrixException.UnsupportedRoomVersion($"Room version '{newVersion}' is not supported.");
            }

            var profile = await RoomHttp.GetProfileAsync(grains, requester);
            var replacement = await grains.GetGrain<IRoomUpgradeGrain>(id).UpgradeAsync(
                new RoomUpgradeCommand(requester, newVersion, profile?.DisplayName, profile?.AvatarUrl));
            return RoomHttp.Json(w => w.WriteString("replacement_room", replacement));
        }).RequireAccessToken();

        return endpoints;
    }
}
