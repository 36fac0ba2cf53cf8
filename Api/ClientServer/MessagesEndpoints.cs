using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary><c>/messages</c> and <c>/context</c> (DIGEST §8; spec message_pagination.yaml, event_context.yaml).
/// Tokens are <c>s&lt;position&gt;</c> (<see cref="RoomStreamToken"/>).</summary>
public static class MessagesEndpoints
{
    public static IEndpointRouteBuilder MapMessagesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/rooms/{roomId}/messages
        endpoints.MapGet("/_matrix/client/v3/rooms/{roomId}/messages", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var requester = context.GetRequester();
            var dir = context.Request.Query["dir"].ToString();
            if (dir is not ("b" or "f"))
            {
                throw dir.Length == 0 ? MatrixException.MissingParam("'dir' is required.") : MatrixException.InvalidParam("'dir' must be 'b' or 'f'.");
            }

            var filter = await SyncHttp.WithoutIgnoredUsersAsync(grains, requester.UserId.Value, RoomHttp.ParseFilter(context)); // m.ignored_user_list (sync area)
            var limit = RoomHttp.ParseLimit(context) ?? filter.Limit ?? RoomHttp.DefaultLimit;
            var query = new MessagesQuery(requester.UserId.Value, requester.DeviceId, dir == "b", RoomHttp.ParseToken(context, "from"), RoomHttp.ParseToken(context, "to"), limit, filter);
            var page = await grains.Room(roomId).GetMessagesAsync(query);
            return RoomHttp.Json(w =>
            {
                w.WriteString("start", page.Start);
                if (page.End is not null)
                {
                    w.WriteString("end", page.End);
                }

                w.WriteArray("chunk", page.Chunk);
                if (page.State.Count > 0)
                {
                    w.WriteArray("state", page.State);
                }
            });
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/rooms/{roomId}/context/{eventId}
        endpoints.MapGet("/_matrix/client/v3/rooms/{roomId}/context/{eventId}", async (HttpContext context, IGrainFactory grains, string roomId, string eventId) =>
        {
            var requester = context.GetRequester();
            var filter = RoomHttp.ParseFilter(context);
            var limit = RoomHttp.ParseLimit(context) ?? filter.Limit ?? RoomHttp.DefaultLimit;
            var page = await grains.Room(roomId).GetContextAsync(new ContextQuery(requester.UserId.Value, requester.DeviceId, eventId, limit, filter));
            return RoomHttp.Json(w =>
            {
                w.WritePropertyName("event");
                page.Event.WriteTo(w);
                w.WriteArray("events_before", page.EventsBefore);
                w.WriteArray("events_after", page.EventsAfter);
                w.WriteString("start", page.Start);
                w.WriteString("end", page.End);
                w.WriteArray("state", page.State);
            });
        }).RequireAccessToken();

        return endpoints;
    }
}
