using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Sending and redacting events, and one event by ID (spec room_send.yaml, redaction.yaml, rooms.yaml).</summary>
public static class RoomEventsEndpoints
{
    public static IEndpointRouteBuilder MapRoomEventsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}
        endpoints.MapPut("/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}", async (HttpContext context, IGrainFactory grains, string roomId, string eventType, string txnId) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            var result = await grains.Room(roomId).SendEventAsync(
                new SendEventCommand(requester.UserId.Value, requester.DeviceId, txnId, eventType, RoomHttp.ToContent(body)));
            return RoomHttp.EventId(result);
        }).RequireAccessToken();

        /// PUT /_matrix/client/v3/rooms/{roomId}/redact/{eventId}/{txnId}
        endpoints.MapPut("/_matrix/client/v3/rooms/{roomId}/redact/{eventId}/{txnId}", async (HttpContext context, IGrainFactory grains, string roomId, string eventId, string txnId) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            var result = await grains.Room(roomId).RedactAsync(
                new RedactCommand(requester.UserId.Value, requester.DeviceId, txnId, eventId, body.GetOptionalString("reason")));
            return RoomHttp.EventId(result);
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/rooms/{roomId}/event/{eventId}
        endpoints.MapGet("/_matrix/client/v3/rooms/{roomId}/event/{eventId}", async (HttpContext context, IGrainFactory grains, string roomId, string eventId) =>
        {
            var requester = context.GetRequester();
            return RoomHttp.Raw(await grains.Room(roomId).GetEventAsync(requester.UserId.Value, requester.DeviceId, eventId));
        }).RequireAccessToken();

        return endpoints;
    }
}
