using System.Text.Json;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Account data, global and per room (DIGEST §16, spec account-data.yaml): only one's own (403); a missing
/// entry is 404 M_NOT_FOUND; the server-managed <c>m.fully_read</c> and <c>m.push_rules</c> cannot be set here
/// (405 M_BAD_JSON). Every change shows up in the next <c>/sync</c>.</summary>
public static class AccountDataEndpoints
{
    public static IEndpointRouteBuilder MapAccountDataEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/user/{userId}/account_data/{type}
        endpoints.MapGet("/_matrix/client/v3/user/{userId}/account_data/{type}", (HttpContext context, IGrainFactory grains, string userId, string type) =>
            GetAsync(context, grains, userId, null, type)).RequireAccessToken();

        /// PUT /_matrix/client/v3/user/{userId}/account_data/{type}
        endpoints.MapPut("/_matrix/client/v3/user/{userId}/account_data/{type}", (HttpContext context, IGrainFactory grains, string userId, string type) =>
            PutAsync(context, grains, userId, null, type)).RequireAccessToken();

        /// GET /_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}
        endpoints.MapGet("/_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}", (HttpContext context, IGrainFactory grains, string userId, string roomId, string type) =>
            GetAsync(context, grains, userId, RoomHttp.ParseRoomId(roomId), type)).RequireAccessToken();

        /// PUT /_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}
        endpoints.MapPut("/_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}", (HttpContext context, IGrainFactory grains, string userId, string roomId, string type) =>
            PutAsync(context, grains, userId, RoomHttp.ParseRoomId(roomId), type)).RequireAccessToken();

        return endpoints;
    }

    private static async Task<IResult> GetAsync(HttpContext context, IGrainFactory grains, string userId, string? roomId, string type)
    {
        var self = SyncHttp.RequireSelf(context, userId, "read account data");
        var content = await grains.GetGrain<IAccountDataGrain>(self).GetAsync(roomId, type)
            ?? throw MatrixException.NotFound("No account data of this type.");
        return RoomHttp.Raw(content);
    }

    private static async Task<IResult> PutAsync(HttpContext context, IGrainFactory grains, string userId, string? roomId, string type)
    {
        var self = SyncHttp.RequireSelf(context, userId, "set account data");
        if (AccountDataTypes.IsServerManaged(type))
        {
            throw new MatrixException(StatusCodes.Status405MethodNotAllowed, MatrixErrorCode.BadJson, $"Cannot set {type} through the account data API.");
        }

        var body = await JsonBody.ReadObjectAsync(context);
        await grains.GetGrain<IAccountDataGrain>(self).SetAsync(roomId, type, JsonSerializer.SerializeToElement(body));
        return MatrixResults.Empty;
    }
}
