using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Read markers (DIGEST §16, spec read_markers.yaml): <c>m.fully_read</c> goes to room account data,
/// <c>m.read</c> and <c>m.read.private</c> behave like <c>/receipt</c>.</summary>
public static class ReadMarkerEndpoints
{
    public static IEndpointRouteBuilder MapReadMarkerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/rooms/{roomId}/read_markers
        endpoints.MapPost("/_matrix/client/v3/rooms/{roomId}/read_markers", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var userId = context.GetRequester().UserId.Value;
            var room = RoomHttp.ParseRoomId(roomId);
            var body = await JsonBody.ReadObjectAsync(context);
            var markers = new[] { ReceiptTypes.FullyRead, ReceiptTypes.Read, ReceiptTypes.ReadPrivate }
                .Select(type => (Type: type, EventId: body.GetOptionalString(type)))
                .Where(m => m.EventId is not null)
                .ToList();
            if (markers.Count > 0)
            {
                await ReceiptEndpoints.RequireJoinedAsync(grains, room, userId);
            }

            foreach (var (type, eventId) in markers)
            {
                await ReceiptEndpoints.SetAsync(grains, SyncHttp.Time(context), userId, room, type, eventId!, null);
            }

            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }
}
