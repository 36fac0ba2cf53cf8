using System.Globalization;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary><c>GET /notifications</c> (DIGEST §15; spec notifications.yaml), from <see cref="INotificationsGrain"/>.</summary>
public static class NotificationsEndpoints
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapNotificationsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/notifications
        endpoints.MapGet("/_matrix/client/v3/notifications", async (HttpContext context, IGrainFactory grains) =>
        {
            var query = new NotificationsQuery(
                ParseLong(context, "from"),
                (int)Math.Clamp(ParseLong(context, "limit") ?? DefaultLimit, 1, MaxLimit),
                context.Request.Query["only"].ToString() == "highlight");
            var page = await grains.GetGrain<INotificationsGrain>(context.GetRequester().UserId.Value).GetNotificationsAsync(query);
            var notifications = new JsonArray();
            foreach (var item in page.Notifications)
            {
                var json = new JsonObject
                {
                    ["actions"] = JsonNode.Parse(item.Actions.GetRawText()),
                    ["event"] = JsonNode.Parse(item.Event.GetRawText()),
                    ["read"] = item.Read,
                    ["room_id"] = item.RoomId,
                    ["ts"] = item.Ts,
                };
                if (item.ProfileTag is not null)
                {
                    json["profile_tag"] = item.ProfileTag;
                }

                notifications.Add(json);
            }

            var body = new JsonObject { ["notifications"] = notifications };
            if (page.NextToken is not null)
            {
                body["next_token"] = page.NextToken;
            }

            return MatrixResults.Json(body);
        }).RequireAccessToken();

        return endpoints;
    }

    private static long? ParseLong(HttpContext context, string name)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw MatrixException.InvalidParam($"'{name}' must be a non-negative integer.");
    }
}
