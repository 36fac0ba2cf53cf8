using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Room state (spec room_state.yaml, rooms.yaml): read all state, read one state event (content, or the
/// event with <c>?format=event</c>), send a state event. An empty state key may be given as
/// <c>/state/{type}</c> or <c>/state/{type}/</c> (DIGEST §3.5); state keys may contain slashes.</summary>
public static class RoomStateEndpoints
{
    public static IEndpointRouteBuilder MapRoomStateEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/rooms/{roomId}/state
        endpoints.MapGet("/_matrix/client/v3/rooms/{roomId}/state", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var state = await grains.Room(roomId).GetStateAsync(context.GetRequester().UserId.Value);
            return RoomHttp.JsonArray(state);
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}
        endpoints.MapGet("/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{**stateKey}", (HttpContext context, IGrainFactory grains, string roomId, string eventType, string? stateKey) =>
            GetStateEventAsync(context, grains, roomId, eventType, stateKey)).RequireAccessToken();

        /// GET /_matrix/client/v3/rooms/{roomId}/state/{eventType}
        endpoints.MapGet("/_matrix/client/v3/rooms/{roomId}/state/{eventType}", (HttpContext context, IGrainFactory grains, string roomId, string eventType) =>
            GetStateEventAsync(context, grains, roomId, eventType, null)).RequireAccessToken();

        /// PUT /_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}
        endpoints.MapPut("/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{**stateKey}", (HttpContext context, IGrainFactory grains, string roomId, string eventType, string? stateKey) =>
            PutStateEventAsync(context, grains, roomId, eventType, stateKey)).RequireAccessToken();

        /// PUT /_matrix/client/v3/rooms/{roomId}/state/{eventType}
        endpoints.MapPut("/_matrix/client/v3/rooms/{roomId}/state/{eventType}", (HttpContext context, IGrainFactory grains, string roomId, string eventType) =>
            PutStateEventAsync(context, grains, roomId, eventType, null)).RequireAccessToken();

        return endpoints;
    }

    private static async Task<IResult> GetStateEventAsync(HttpContext context, IGrainFactory grains, string roomId, string eventType, string? stateKey)
    {
        var state = await grains.Room(roomId).GetStateEventAsync(context.GetRequester().UserId.Value, eventType, Unescape(stateKey));
        if (state is not { } stateEvent)
        {
            throw MatrixException.NotFound("Event not found.");
        }

        var wantEvent = string.Equals(context.Request.Query["format"], "event", StringComparison.Ordinal);
        return RoomHttp.Raw(wantEvent ? stateEvent : stateEvent.GetProperty("content"));
    }

    private static async Task<IResult> PutStateEventAsync(HttpContext context, IGrainFactory grains, string roomId, string eventType, string? stateKey)
    {
        var requester = context.GetRequester().UserId.Value;
        var body = await JsonBody.ReadObjectAsync(context);
        var result = await grains.Room(roomId).SendStateEventAsync(new SendStateCommand(requester, eventType, Unescape(stateKey), RoomHttp.ToContent(body)));
        return RoomHttp.EventId(result);
    }

    /// <summary>Catch-all route values keep <c>%2F</c> encoded; a state key is one decoded string.</summary>
    private static string Unescape(string? stateKey) => stateKey is null ? string.Empty : Uri.UnescapeDataString(stateKey);
}
