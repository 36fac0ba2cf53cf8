using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.E2ee.ToDevice;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Send-to-device (DIGEST §13, spec to_device.yaml) and <c>/keys/changes</c> (§12.4, keys.yaml). The body
/// shape and sizes are checked here; the sender's <see cref="IToDeviceSenderGrain"/> routes the messages.</summary>
public static class ToDeviceEndpoints
{
    /// <summary>(user, device) pairs per request at most, before <c>*</c> is expanded (the grain checks after).</summary>
    public const int MaxTargets = 10_000;

    /// <summary>Largest content of one message in bytes (JSON). Olm-encrypted room keys and secrets are a few KiB;
    /// the bound keeps one inbox entry, which is stored until the device syncs, small.</summary>
    public const int MaxContentBytes = 64 * 1024;

    private const int MaxIdLength = 255;

    public static IEndpointRouteBuilder MapToDeviceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// PUT /_matrix/client/v3/sendToDevice/{eventType}/{txnId}
        endpoints.MapPut("/_matrix/client/v3/sendToDevice/{eventType}/{txnId}", async (HttpContext context, IGrainFactory grains, string eventType, string txnId) =>
        {
            var requester = context.GetRequester();
            if (eventType.Length is 0 or > MaxIdLength || txnId.Length is 0 or > MaxIdLength)
            {
                throw MatrixException.InvalidParam($"The event type and transaction ID must be 1 to {MaxIdLength} characters.");
            }

            var body = await JsonBody.ReadObjectAsync(context);
            var messages = ParseMessages(body);
            await grains.GetGrain<IToDeviceSenderGrain>(requester.UserId.Value)
                .SendAsync(new SendToDeviceRequest(requester.DeviceId, eventType, txnId, messages));
            return MatrixResults.Empty;
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/keys/changes
        endpoints.MapGet("/_matrix/client/v3/keys/changes", async (HttpContext context, IGrainFactory grains) =>
        {
            var userId = context.GetRequester().UserId.Value;
            var from = context.Request.Query["from"].ToString();
            var to = context.Request.Query["to"].ToString();
            if (from.Length == 0)
            {
                throw MatrixException.MissingParam("'from' is required.");
            }

            var changes = await grains.GetGrain<ISyncGrain>(userId).GetKeyChangesAsync(from, to.Length > 0 ? to : null);
            return MatrixResults.Json(new JsonObject
            {
                ["changed"] = new JsonArray([.. changes.Changed.Select(u => (JsonNode)JsonValue.Create(u))]),
                ["left"] = new JsonArray([.. changes.Left.Select(u => (JsonNode)JsonValue.Create(u))]),
            });
        }).RequireAccessToken();

        return endpoints;
    }

    /// <summary><c>messages</c>: user ID → device ID (or <c>*</c>) → content object (M_BAD_JSON otherwise).</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, JsonElement>> ParseMessages(JsonObject body)
    {
        if (body["messages"] is not JsonObject messagesNode)
        {
            throw MatrixException.BadJson("'messages' must be an object.");
        }

        var messages = JsonSerializer.SerializeToElement(messagesNode);
        var result = new Dictionary<string, IReadOnlyDictionary<string, JsonElement>>(StringComparer.Ordinal);
        var targets = 0;
        foreach (var user in messages.EnumerateObject())
        {
            if (user.Value.ValueKind != JsonValueKind.Object)
            {
                throw MatrixException.BadJson("Each entry of 'messages' must be an object of device IDs.");
            }

            var devices = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var device in user.Value.EnumerateObject())
            {
                if (device.Value.ValueKind != JsonValueKind.Object)
                {
                    throw MatrixException.BadJson("Each message content must be an object.");
                }

                if (++targets > MaxTargets)
                {
                    throw MatrixException.TooLarge($"A send-to-device request may name at most {MaxTargets} devices.");
                }

                if (Encoding.UTF8.GetByteCount(device.Value.GetRawText()) > MaxContentBytes)
                {
                    throw MatrixException.TooLarge($"A to-device message content may be at most {MaxContentBytes} bytes.");
                }

                devices[device.Name] = device.Value;
            }

            result[user.Name] = devices;
        }

        return result;
    }
}
