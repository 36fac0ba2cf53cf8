using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Room tags (DIGEST §16, spec tags.yaml), stored as the room account data <c>m.tag</c> = <c>{"tags": {…}}</c>.</summary>
public static class TagEndpoints
{
    public static IEndpointRouteBuilder MapTagEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/user/{userId}/rooms/{roomId}/tags
        endpoints.MapGet("/_matrix/client/v3/user/{userId}/rooms/{roomId}/tags", async (HttpContext context, IGrainFactory grains, string userId, string roomId) =>
        {
            var self = SyncHttp.RequireSelf(context, userId, "read tags");
            var content = await grains.GetGrain<IAccountDataGrain>(self).GetAsync(RoomHttp.ParseRoomId(roomId), AccountDataTypes.Tag);
            var tags = content is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object
                ? JsonNode.Parse(t.GetRawText())!
                : new JsonObject();
            return MatrixResults.Json(new JsonObject { ["tags"] = tags });
        }).RequireAccessToken();

        /// PUT /_matrix/client/v3/user/{userId}/rooms/{roomId}/tags/{tag}
        endpoints.MapPut("/_matrix/client/v3/user/{userId}/rooms/{roomId}/tags/{tag}", async (HttpContext context, IGrainFactory grains, string userId, string roomId, string tag) =>
        {
            var self = SyncHttp.RequireSelf(context, userId, "set tags");
            var body = await JsonBody.ReadObjectAsync(context);
            if (body["order"] is { } order && order.GetValueKind() != JsonValueKind.Number)
            {
                throw MatrixException.BadJson("'order' must be a number.");
            }

            await grains.GetGrain<IAccountDataGrain>(self).SetTagAsync(RoomHttp.ParseRoomId(roomId), tag, JsonSerializer.SerializeToElement(body));
            return MatrixResults.Empty;
        }).RequireAccessToken();

        /// DELETE /_matrix/client/v3/user/{userId}/rooms/{roomId}/tags/{tag}
        endpoints.MapDelete("/_matrix/client/v3/user/{userId}/rooms/{roomId}/tags/{tag}", async (HttpContext context, IGrainFactory grains, string userId, string roomId, string tag) =>
        {
            var self = SyncHttp.RequireSelf(context, userId, "delete tags");
            await grains.GetGrain<IAccountDataGrain>(self).SetTagAsync(RoomHttp.ParseRoomId(roomId), tag, null);
            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }
}
