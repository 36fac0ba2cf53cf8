using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>The caller's devices (spec "Device management"). Deleting devices needs UIA with the caller's
/// password and revokes their tokens at once.</summary>
public static class DevicesEndpoints
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> PasswordFlows = [[UserInteractiveAuth.Password]];

    public static IEndpointRouteBuilder MapDevicesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/devices
        endpoints.MapGet("/_matrix/client/v3/devices", async (HttpContext context, IGrainFactory grains) =>
        {
            var devices = await grains.GetGrain<IUserGrain>(context.GetRequester().UserId.Value).GetDevicesAsync();
            return MatrixResults.Json(new JsonObject { ["devices"] = new JsonArray(devices.Select(d => (JsonNode?)ToJson(d)).ToArray()) });
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/devices/{deviceId}
        endpoints.MapGet("/_matrix/client/v3/devices/{deviceId}", async (HttpContext context, IGrainFactory grains, string deviceId) =>
        {
            var device = await grains.GetGrain<IUserGrain>(context.GetRequester().UserId.Value).GetDeviceAsync(deviceId)
                ?? throw MatrixException.NotFound("No such device.");
            return MatrixResults.Json(ToJson(device));
        }).RequireAccessToken();

        /// PUT /_matrix/client/v3/devices/{deviceId}
        endpoints.MapPut("/_matrix/client/v3/devices/{deviceId}", async (HttpContext context, IGrainFactory grains, string deviceId) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            var user = grains.GetGrain<IUserGrain>(requester.UserId.Value);
            var renamed = body.ContainsKey("display_name")
                ? await user.RenameDeviceAsync(deviceId, AccountsHttp.ReadDeviceDisplayName(body, "display_name"))
                : await user.GetDeviceAsync(deviceId) is not null;
            return renamed ? MatrixResults.Empty : throw MatrixException.NotFound("No such device.");
        }).RequireAccessToken();

        /// DELETE /_matrix/client/v3/devices/{deviceId}
        endpoints.MapDelete("/_matrix/client/v3/devices/{deviceId}", async (
            HttpContext context,
            IGrainFactory grains,
            UserInteractiveAuth uia,
            AccessTokenResolver tokens,
            string deviceId) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            if (await uia.AuthenticateAsync(body, "DELETE /devices/" + deviceId, requester.UserId, PasswordFlows) is { } challenge)
            {
                return challenge;
            }

            // Deleting a device that does not exist succeeds (idempotent, as in Synapse).
            tokens.Evict(await grains.GetGrain<IUserGrain>(requester.UserId.Value).DeleteDevicesAsync([deviceId]));
            return MatrixResults.Empty;
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/delete_devices
        endpoints.MapPost("/_matrix/client/v3/delete_devices", async (
            HttpContext context,
            IGrainFactory grains,
            UserInteractiveAuth uia,
            AccessTokenResolver tokens) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            var devices = body.GetOptionalStringArray("devices") ?? throw MatrixException.MissingParam("'devices' is required.");
            if (await uia.AuthenticateAsync(body, "POST /delete_devices", requester.UserId, PasswordFlows) is { } challenge)
            {
                return challenge;
            }

            tokens.Evict(await grains.GetGrain<IUserGrain>(requester.UserId.Value).DeleteDevicesAsync(devices));
            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }

    private static JsonObject ToJson(DeviceInfo device)
    {
        var json = new JsonObject { ["device_id"] = device.DeviceId };
        if (device.DisplayName is not null)
        {
            json["display_name"] = device.DisplayName;
        }

        if (device.LastSeenIp is not null)
        {
            json["last_seen_ip"] = device.LastSeenIp;
        }

        if (device.LastSeenTs is { } ts)
        {
            json["last_seen_ts"] = ts;
        }

        return json;
    }
}
