using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Stored sync filters (DIGEST §7, spec filter.yaml): only for one's own user (403); a filter that
/// <c>/sync</c> could not use is refused with M_BAD_JSON; an unknown ID is 404 M_NOT_FOUND.</summary>
public static class FilterEndpoints
{
    public static IEndpointRouteBuilder MapFilterEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/user/{userId}/filter
        endpoints.MapPost("/_matrix/client/v3/user/{userId}/filter", async (HttpContext context, IGrainFactory grains, string userId) =>
        {
            var self = SyncHttp.RequireSelf(context, userId, "create filters");
            var body = JsonSerializer.SerializeToElement(await JsonBody.ReadObjectAsync(context));
            SyncFilterParser.Parse(body);
            var filterId = await grains.GetGrain<IUserFiltersGrain>(self).CreateAsync(body);
            return MatrixResults.Json(new JsonObject { ["filter_id"] = filterId });
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/user/{userId}/filter/{filterId}
        endpoints.MapGet("/_matrix/client/v3/user/{userId}/filter/{filterId}", async (HttpContext context, IGrainFactory grains, string userId, string filterId) =>
        {
            var self = SyncHttp.RequireSelf(context, userId, "read filters");
            var filter = await grains.GetGrain<IUserFiltersGrain>(self).GetAsync(filterId) ?? throw MatrixException.NotFound("No such filter.");
            return RoomHttp.Raw(filter);
        }).RequireAccessToken();

        return endpoints;
    }
}
