using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary><c>/members</c> and <c>/joined_members</c> (spec rooms.yaml; DIGEST §7 lazy-loading clients call
/// <c>/members?at=&lt;token&gt;</c>).</summary>
public static class MembersEndpoints
{
    private static readonly string[] Memberships = ["join", "invite", "knock", "leave", "ban"];

    public static IEndpointRouteBuilder MapMembersEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/rooms/{roomId}/members
        endpoints.MapGet("/_matrix/client/v3/rooms/{roomId}/members", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var query = new MembersQuery(
                context.GetRequester().UserId.Value,
                RoomHttp.ParseToken(context, "at"),
                ReadMembership(context, "membership"),
                ReadMembership(context, "not_membership"));
            var members = await grains.Room(roomId).GetMembersAsync(query);
            return RoomHttp.Json(w => w.WriteArray("chunk", members));
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/rooms/{roomId}/joined_members
        endpoints.MapGet("/_matrix/client/v3/rooms/{roomId}/joined_members", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var joined = await grains.Room(roomId).GetJoinedMembersAsync(context.GetRequester().UserId.Value);
            return RoomHttp.Json(w =>
            {
                w.WriteStartObject("joined");
                foreach (var member in joined)
                {
                    w.WriteStartObject(member.UserId);
                    if (member.DisplayName is not null)
                    {
                        w.WriteString("display_name", member.DisplayName);
                    }

                    if (member.AvatarUrl is not null)
                    {
                        w.WriteString("avatar_url", member.AvatarUrl);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            });
        }).RequireAccessToken();

        return endpoints;
    }

    private static string? ReadMembership(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        return Memberships.Contains(value) ? value : throw MatrixException.InvalidParam($"'{name}' must be one of join, invite, knock, leave, ban.");
    }
}
