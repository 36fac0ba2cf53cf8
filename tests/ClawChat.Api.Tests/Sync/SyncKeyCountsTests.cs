using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Tests.E2ee.Keys;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Sync;

/// <summary><c>device_one_time_keys_count</c> and <c>device_unused_fallback_key_types</c> of the requesting device
/// in every sync response, initial ones included (DIGEST §6, §12.1–12.3).</summary>
public sealed class SyncKeyCountsTests(SyncSiloFixture fixture) : IClassFixture<SyncSiloFixture>
{
    /// <summary>The signed_curve25519 count, which must be present even when zero (DIGEST §6 practice).</summary>
    private static int Count(MatrixResponse response) =>
        response["device_one_time_keys_count"].GetProperty("signed_curve25519").GetInt32();

    private static List<string> UnusedFallback(MatrixResponse response) =>
        [.. response["device_unused_fallback_key_types"].EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task InitialSync_ReportsTheDevicesOneTimeKeys_AndOtherDevicesDoNotSeeThem()
    {
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var laptop = await bob.LoginAgainAsync();
        await KeysApi.UploadDeviceKeysAsync(bob, oneTimeKeys: 3);

        Assert.Equal(3, Count(await bob.SyncAsync()));
        Assert.Equal(0, Count(await laptop.SyncAsync()));
    }

    [Fact]
    public async Task Claim_LowersTheCountInTheNextIncrementalSync()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        await KeysApi.UploadDeviceKeysAsync(bob, oneTimeKeys: 2);
        var initial = await bob.SyncAsync();

        (await alice.PostAsync(KeysApi.Claim, new JsonObject
        {
            ["one_time_keys"] = new JsonObject { [bob.UserId] = new JsonObject { [bob.DeviceId] = "signed_curve25519" } },
        })).AssertOk();
        var next = await bob.SyncAsync(initial.NextBatch());

        Assert.Equal(2, Count(initial));
        Assert.Equal(1, Count(next));
    }

    [Fact]
    public async Task UnusedFallbackKey_IsListedUntilClaimed()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var key = await KeysApi.UploadDeviceKeysAsync(bob);
        (await bob.PostAsync(KeysApi.Upload, new JsonObject { ["fallback_keys"] = KeysApi.OneTimeKeys(bob, key, 1, "fb", fallback: true) })).AssertOk();
        var before = await bob.SyncAsync();

        (await alice.PostAsync(KeysApi.Claim, new JsonObject
        {
            ["one_time_keys"] = new JsonObject { [bob.UserId] = new JsonObject { [bob.DeviceId] = "signed_curve25519" } },
        })).AssertOk();
        var after = await bob.SyncAsync(before.NextBatch());

        Assert.Equal(["signed_curve25519"], UnusedFallback(before));
        Assert.Empty(UnusedFallback(after));
        Assert.Equal(JsonValueKind.Array, after["device_unused_fallback_key_types"].ValueKind);
    }
}
