using System.Diagnostics;
using System.Text.Json;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Runtime;

namespace ClawChat.Grains.Tests.E2ee;

/// <summary>Sync shortcuts for the E2EE grain tests: a device's sync, and reading its E2EE sections.</summary>
internal static class E2eeSyncHelpers
{
    public static async Task<JsonElement> SyncDeviceAsync(this IGrainFactory factory, string userId, string deviceId, string? since = null, int timeoutMs = 0)
    {
        var body = await factory.GetGrain<ISyncGrain>(userId).SyncAsync(new SyncRequest(deviceId, since, timeoutMs, false, SyncFilter.None, PresenceEnabled: false));
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public static string Token(this JsonElement response) => response.GetProperty("next_batch").GetString()!;

    public static List<JsonElement> ToDevice(this JsonElement response) => [.. response.GetProperty("to_device").GetProperty("events").EnumerateArray()];

    public static List<string> Changed(this JsonElement response) => Strings(response.GetProperty("device_lists").GetProperty("changed"));

    public static List<string> Left(this JsonElement response) => Strings(response.GetProperty("device_lists").GetProperty("left"));

    /// <summary>Syncs from <paramref name="since"/> (long-polling 1 s each) until <paramref name="condition"/> holds for a
    /// response; fails after 10 s naming <paramref name="what"/>.</summary>
    public static async Task<JsonElement> SyncUntilAsync(this IGrainFactory factory, string userId, string deviceId, string since, Func<JsonElement, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        var token = since;
        JsonElement last = default;
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            last = await factory.SyncDeviceAsync(userId, deviceId, token, timeoutMs: 1000);
            if (condition(last))
            {
                return last;
            }

            token = last.Token();
        }

        throw new Xunit.Sdk.XunitException($"Timed out after 10 s waiting for: {what}. Last response: {last}");
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
