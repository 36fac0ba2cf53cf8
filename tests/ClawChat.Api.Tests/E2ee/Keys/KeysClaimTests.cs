using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Testing;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Api.Tests.E2ee.Keys;

public sealed class KeysClaimTests(KeysSiloFixture fixture) : IClassFixture<KeysSiloFixture>
{
    [Fact]
    public async Task Claim_HandsOutTheOldestKey_AndLowersTheCount()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var key = new TestSigningKey();
        var keys = KeysApi.OneTimeKeys(alice, key, 2);
        (await alice.PostAsync(KeysApi.Upload, new JsonObject { ["device_keys"] = KeysApi.DeviceKeys(alice, key), ["one_time_keys"] = keys })).AssertOk();

        var response = (await bob.PostAsync(KeysApi.Claim, ClaimBody(alice))).AssertOk();

        var claimed = response["one_time_keys"].Path(alice.UserId, alice.DeviceId, "signed_curve25519:k0000");
        Assert.Equal("otk-k-0", claimed.GetProperty("key").GetString());
        Assert.True(claimed.Has("signatures", alice.UserId, "ed25519:" + alice.DeviceId));
        Assert.Empty(response["failures"].EnumerateObject());
        var counts = (await alice.PostAsync(KeysApi.Upload, new JsonObject())).AssertOk();
        Assert.Equal(1, counts["one_time_key_counts"].GetProperty("signed_curve25519").GetInt32());
    }

    [Fact]
    public async Task Claim_ReturnsTheFallbackKey_WhenNoOneTimeKeyIsLeft()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        (await alice.PostAsync(KeysApi.Upload, new JsonObject
        {
            ["fallback_keys"] = KeysApi.OneTimeKeys(alice, new TestSigningKey(), 1, prefix: "fb", fallback: true),
        })).AssertOk();

        var first = (await bob.PostAsync(KeysApi.Claim, ClaimBody(alice))).AssertOk();
        var second = (await bob.PostAsync(KeysApi.Claim, ClaimBody(alice))).AssertOk();

        Assert.True(first["one_time_keys"].Path(alice.UserId, alice.DeviceId, "signed_curve25519:fb0000", "fallback").GetBoolean());
        Assert.True(second["one_time_keys"].Has(alice.UserId, alice.DeviceId, "signed_curve25519:fb0000"));
    }

    [Fact]
    public async Task Claim_OmitsDevicesWithoutKeys_AndReportsRemoteServers()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = (await alice.PostAsync(KeysApi.Claim, new JsonObject
        {
            ["one_time_keys"] = new JsonObject
            {
                [alice.UserId] = new JsonObject { [alice.DeviceId] = "signed_curve25519" },
                ["@carol:remote.example"] = new JsonObject { ["DEV"] = "signed_curve25519" },
            },
        })).AssertOk();

        Assert.Empty(response["one_time_keys"].EnumerateObject());
        Assert.True(response["failures"].Has("remote.example"));
    }

    [Theory]
    [InlineData("{}", "M_MISSING_PARAM")]
    [InlineData("""{"one_time_keys": {"@a:b": ["x"]}}""", "M_BAD_JSON")]
    [InlineData("""{"one_time_keys": {"@a:b": {"DEV": 1}}}""", "M_BAD_JSON")]
    public async Task Claim_RefusesMalformedBodies(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync(KeysApi.Claim, body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    private static JsonObject ClaimBody(MatrixTestClient owner) => new()
    {
        ["one_time_keys"] = new JsonObject { [owner.UserId] = new JsonObject { [owner.DeviceId] = "signed_curve25519" } },
    };
}
