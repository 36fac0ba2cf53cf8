using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Typing notifications (DIGEST §16, spec typing.yaml): only for oneself (403), only in a joined room;
/// a start expires after <c>timeout</c> ms (default 30 s).</summary>
public static class TypingEndpoints
{
    public static IEndpointRouteBuilder MapTypingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// PUT /_matrix/client/v3/rooms/{roomId}/typing/{userId}
        endpoints.MapPut("/_matrix/client/v3/rooms/{roomId}/typing/{userId}", async (HttpContext context, IGrainFactory grains, string roomId, string userId) =>
        {
            var self = SyncHttp.RequireSelf(context, userId, "set typing notifications");
            var room = RoomHttp.ParseRoomId(roomId);
            var body = await JsonBody.ReadObjectAsync(context);
            var typing = body.GetOptionalBool("typing") ?? throw MatrixException.MissingParam("'typing' is required.");
            var timeout = body.GetOptionalInteger("timeout") ?? 0;
            if (timeout < 0)
            {
                throw MatrixException.InvalidParam("'timeout' must not be negative.");
            }

            await ReceiptEndpoints.RequireJoinedAsync(grains, room, self);
            await grains.GetGrain<IRoomEphemeralGrain>(room).SetTypingAsync(self, typing, (int)Math.Min(timeout, int.MaxValue));
            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }
}
