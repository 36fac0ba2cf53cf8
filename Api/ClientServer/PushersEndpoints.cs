using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Pushers (DIGEST §15; spec pusher.yaml), stored and checked by <see cref="IPushersGrain"/>.</summary>
public static class PushersEndpoints
{
    public static IEndpointRouteBuilder MapPushersEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/pushers
        endpoints.MapGet("/_matrix/client/v3/pushers", async (HttpContext context, IGrainFactory grains) =>
        {
            var pushers = await grains.GetGrain<IPushersGrain>(context.GetRequester().UserId.Value).GetPushersAsync();
            var array = new JsonArray();
            foreach (var pusher in pushers)
            {
                array.Add(ToJson(pusher));
            }

            return MatrixResults.Json(new JsonObject { ["pushers"] = array });
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/pushers/set
        endpoints.MapPost("/_matrix/client/v3/pushers/set", async (HttpContext context, IGrainFactory grains) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            if (!body.ContainsKey("kind"))
            {
                throw MatrixException.MissingParam("'kind' is required (null deletes the pusher).");
            }

            var data = body.GetOptionalObject("data");
            var command = new SetPusherCommand(
                requester.DeviceId,
                body.GetOptionalString("kind"),
                body.GetRequiredString("app_id"),
                body.GetRequiredString("pushkey"),
                body.GetOptionalString("app_display_name"),
                body.GetOptionalString("device_display_name"),
                body.GetOptionalString("profile_tag"),
                body.GetOptionalString("lang"),
                data is null ? null : JsonSerializer.SerializeToElement(data),
                body.GetOptionalBool("append") ?? false);
            await grains.GetGrain<IPushersGrain>(requester.UserId.Value).SetPusherAsync(command);
            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }

    private static JsonObject ToJson(Pusher pusher)
    {
        var json = new JsonObject
        {
            ["pushkey"] = pusher.Pushkey,
            ["kind"] = pusher.Kind,
            ["app_id"] = pusher.AppId,
            ["app_display_name"] = pusher.AppDisplayName,
            ["device_display_name"] = pusher.DeviceDisplayName,
            ["lang"] = pusher.Lang,
            ["data"] = JsonNode.Parse(pusher.Data.GetRawText()),
        };
        if (pusher.ProfileTag is not null)
        {
            json["profile_tag"] = pusher.ProfileTag;
        }

        return json;
    }
}
