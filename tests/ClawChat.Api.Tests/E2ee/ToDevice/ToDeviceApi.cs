using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Api.Tests.Sync;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.E2ee.ToDevice;

/// <summary>Send-to-device requests and readers of <c>to_device</c> in sync responses (spec to_device.yaml).</summary>
internal static class ToDeviceApi
{
    public static Task<MatrixResponse> SendToDeviceAsync(this MatrixTestClient client, string eventType, string txnId, object messages) =>
        client.PutAsync($"{RoomApi.V3}/sendToDevice/{MatrixTestClient.Escape(eventType)}/{MatrixTestClient.Escape(txnId)}", new { messages });

    /// <summary>Sends <c>{"n": n}</c> of type <c>org.example.n</c> to one device.</summary>
    public static async Task SendNumberAsync(this MatrixTestClient client, string userId, string deviceId, int n, string? txnId = null) =>
        (await client.SendToDeviceAsync("org.example.n", txnId ?? Guid.NewGuid().ToString("N"), new JsonObject
        {
            [userId] = new JsonObject { [deviceId] = new JsonObject { ["n"] = n } },
        })).AssertOk();

    public static List<JsonElement> ToDevice(this MatrixResponse response) => [.. response["to_device"].GetProperty("events").EnumerateArray()];

    public static List<int> Numbers(this MatrixResponse response) =>
        [.. response.ToDevice().Where(e => e.Str("type") == "org.example.n").Select(e => e.GetProperty("content").GetProperty("n").GetInt32())];

    /// <summary>Syncs (long-polling) until the to-device numbers received add up to <paramref name="count"/>.</summary>
    public static async Task<(string Token, List<int> Numbers)> SyncNumbersAsync(this MatrixTestClient client, string since, int count)
    {
        var (token, responses) = await client.SyncUntilAsync(since, rs => rs.Sum(r => r.Numbers().Count) >= count, $"{count} to-device messages for {client.DeviceId}");
        return (token, [.. responses.SelectMany(r => r.Numbers())]);
    }
}
