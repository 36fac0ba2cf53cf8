using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Push;

/// <summary>Paths and shortcuts for push HTTP tests.</summary>
internal static class PushApi
{
    public const string V3 = "/_matrix/client/v3";

    public static string Rule(string kind, string ruleId) => $"{V3}/pushrules/global/{kind}/{MatrixTestClient.Escape(ruleId)}";

    public static JsonObject HttpPusher(string url, string pushkey, string appId = "org.example.app", JsonObject? extraData = null)
    {
        var data = extraData ?? [];
        data["url"] = url;
        return new JsonObject
        {
            ["kind"] = "http",
            ["app_id"] = appId,
            ["pushkey"] = pushkey,
            ["app_display_name"] = "Example",
            ["device_display_name"] = "Phone",
            ["lang"] = "en",
            ["data"] = data,
        };
    }

    public static async Task SetPusherAsync(this MatrixTestClient client, JsonObject body) =>
        (await client.PostAsync($"{V3}/pushers/set", body)).AssertOk();

    public static async Task<IReadOnlyList<JsonElement>> PushersAsync(this MatrixTestClient client) =>
        [.. (await client.GetAsync($"{V3}/pushers")).AssertOk()["pushers"].EnumerateArray()];

    public static async Task<IReadOnlyList<JsonElement>> NotificationsAsync(this MatrixTestClient client, string query = "") =>
        [.. (await client.GetAsync($"{V3}/notifications{query}")).AssertOk()["notifications"].EnumerateArray()];

    /// <summary>Polls <c>/notifications</c> until it holds <paramref name="count"/> entries (events reach the
    /// notifications grain one-way, after the send returned).</summary>
    public static async Task<IReadOnlyList<JsonElement>> WaitForNotificationsAsync(this MatrixTestClient client, int count, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var notifications = await client.NotificationsAsync();
            if (notifications.Count >= count)
            {
                return notifications;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Timed out after {timeoutMs} ms waiting for {count} notifications of {client.UserId}; have {notifications.Count}.");
            }

            await Task.Delay(20);
        }
    }

    public static JsonObject Mention(string body, params string[] userIds) => new()
    {
        ["msgtype"] = "m.text",
        ["body"] = body,
        ["m.mentions"] = new JsonObject { ["user_ids"] = new JsonArray([.. userIds.Select(u => (JsonNode?)u)]) },
    };
}
