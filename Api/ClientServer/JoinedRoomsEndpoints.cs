using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary><c>GET /joined_rooms</c> (spec list_joined_rooms.yaml), read from the user's membership index.</summary>
public static class JoinedRoomsEndpoints
{
    public static IEndpointRouteBuilder MapJoinedRoomsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/joined_rooms
        endpoints.MapGet("/_matrix/client/v3/joined_rooms", async (HttpContext context, IGrainFactory grains) =>
        {
            var rooms = await grains.GetGrain<IUserRoomsGrain>(context.GetRequester().UserId.Value).GetJoinedRoomsAsync();
            var array = new JsonArray();
            foreach (var room in rooms)
            {
                array.Add(room);
            }

            return MatrixResults.Json(new JsonObject { ["joined_rooms"] = array });
        }).RequireAccessToken();

        return endpoints;
    }
}
