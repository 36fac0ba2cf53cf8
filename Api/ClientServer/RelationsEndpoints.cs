using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary><c>/relations</c> and <c>/threads</c> (DIGEST §3.6, §8; spec relations.yaml, threads_list.yaml). Tokens are
/// room stream tokens (<see cref="RoomStreamToken"/>), so <c>/messages</c> and <c>/sync</c> tokens are accepted too.</summary>
public static class RelationsEndpoints
{
    private const int DefaultLimit = 10;

    private const string Base = "/_matrix/client/v1/rooms/{roomId}";

    public static IEndpointRouteBuilder MapRelationsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId}
        endpoints.MapGet(Base + "/relations/{eventId}", (HttpContext context, IGrainFactory grains, string roomId, string eventId) =>
            GetRelationsAsync(context, grains, roomId, eventId, null, null)).RequireAccessToken();

        /// GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId}/{relType}
        endpoints.MapGet(Base + "/relations/{eventId}/{relType}", (HttpContext context, IGrainFactory grains, string roomId, string eventId, string relType) =>
            GetRelationsAsync(context, grains, roomId, eventId, relType, null)).RequireAccessToken();

        /// GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId}/{relType}/{eventType}
        endpoints.MapGet(Base + "/relations/{eventId}/{relType}/{eventType}", (HttpContext context, IGrainFactory grains, string roomId, string eventId, string relType, string eventType) =>
            GetRelationsAsync(context, grains, roomId, eventId, relType, eventType)).RequireAccessToken();

        /// GET /_matrix/client/v1/rooms/{roomId}/threads
        endpoints.MapGet(Base + "/threads", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var requester = context.GetRequester();
            var include = context.Request.Query["include"].ToString();
            if (include is not ("" or "all" or "participated"))
            {
                throw MatrixException.InvalidParam("'include' must be 'all' or 'participated'.");
            }

            var limit = RoomHttp.ParseLimit(context) ?? DefaultLimit;
            if (limit == 0)
            {
                throw MatrixException.InvalidParam("'limit' must be greater than zero.");
            }

            var page = await grains.GetGrain<IRoomRelationsGrain>(RoomHttp.ParseRoomId(roomId)).GetThreadsAsync(
                new ThreadsQuery(requester.UserId.Value, requester.DeviceId, include == "participated", RoomHttp.ParseToken(context, "from"), limit));
            return RoomHttp.Json(w =>
            {
                w.WriteArray("chunk", page.Chunk);
                if (page.NextBatch is not null)
                {
                    w.WriteString("next_batch", page.NextBatch);
                }
            });
        }).RequireAccessToken();

        return endpoints;
    }

    private static async Task<IResult> GetRelationsAsync(HttpContext context, IGrainFactory grains, string roomId, string eventId, string? relType, string? eventType)
    {
        var requester = context.GetRequester();
        var dir = context.Request.Query["dir"].ToString();
        if (dir is not ("" or "b" or "f"))
        {
            throw MatrixException.InvalidParam("'dir' must be 'b' or 'f'.");
        }

        var recurse = context.Request.Query["recurse"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            _ => throw MatrixException.InvalidParam("'recurse' must be 'true' or 'false'."),
        };
        var query = new RelationsQuery(
            requester.UserId.Value,
            requester.DeviceId,
            eventId,
            relType,
            eventType,
            Backward: dir != "f",
            RoomHttp.ParseToken(context, "from"),
            RoomHttp.ParseToken(context, "to"),
            RoomHttp.ParseLimit(context) ?? DefaultLimit,
            recurse);
        var page = await grains.GetGrain<IRoomRelationsGrain>(RoomHttp.ParseRoomId(roomId)).GetRelationsAsync(query);
        return RoomHttp.Json(w =>
        {
            w.WriteArray("chunk", page.Chunk);
            if (page.NextBatch is not null)
            {
                w.WriteString("next_batch", page.NextBatch);
            }

            if (page.PrevBatch is not null)
            {
                w.WriteString("prev_batch", page.PrevBatch);
            }

            if (page.RecursionDepth is { } depth)
            {
                w.WriteNumber("recursion_depth", depth);
            }
        });
    }
}
