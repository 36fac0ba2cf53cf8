using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Testing;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Api.Tests.E2ee.Keys;

public sealed class KeysUploadTests(KeysSiloFixture fixture) : IClassFixture<KeysSiloFixture>
{
    [Fact]
    public async Task Upload_StoresDeviceAndOneTimeKeys_AndReturnsTheCounts()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var key = new TestSigningKey();

        var response = (await alice.PostAsync(KeysApi.Upload, new JsonObject
        {
            ["device_keys"] = KeysApi.DeviceKeys(alice, key),
            ["one_time_keys"] = KeysApi.OneTimeKeys(alice, key, 5),
        })).AssertOk();

        Assert.Equal(5, response["one_time_key_counts"].GetProperty("signed_curve25519").GetInt32());
        var again = (await alice.PostAsync(KeysApi.Upload, new JsonObject())).AssertOk();
        Assert.Equal(5, again["one_time_key_counts"].GetProperty("signed_curve25519").GetInt32());
    }

    [Fact]
    public async Task Upload_WithNothing_ReportsZeroSignedCurve25519Keys()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = (await alice.PostAsync(KeysApi.Upload, new JsonObject())).AssertOk();

        Assert.Equal("""{"one_time_key_counts":{"signed_curve25519":0}}""", response.Text);
    }

    [Fact]
    public async Task Upload_RefusesABadSelfSignature()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var deviceKeys = KeysApi.DeviceKeys(alice, new TestSigningKey());
        deviceKeys["keys"]!["curve25519:" + alice.DeviceId] = "swapped";

        (await alice.PostAsync(KeysApi.Upload, new JsonObject { ["device_keys"] = deviceKeys }))
            .AssertError(HttpStatusCode.BadRequest, "M_INVALID_SIGNATURE");
    }

    [Fact]
    public async Task Upload_RefusesDeviceKeysOfAnotherDevice()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();

        var response = await alice.PostAsync(KeysApi.Upload, new JsonObject { ["device_keys"] = KeysApi.DeviceKeys(phone, new TestSigningKey()) });

        response.AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        Assert.Contains("device_id", response.GetString("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_RefusesAOneTimeKeyIdReusedWithOtherContent_ButIgnoresAnIdenticalOne()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var key = new TestSigningKey();
        var first = KeysApi.OneTimeKeys(alice, key, 1);
        (await alice.PostAsync(KeysApi.Upload, new JsonObject { ["one_time_keys"] = first })).AssertOk();

        var identical = (await alice.PostAsync(KeysApi.Upload, new JsonObject { ["one_time_keys"] = first.DeepClone() })).AssertOk();
        var conflicting = new JsonObject { ["signed_curve25519:k0000"] = new JsonObject { ["key"] = "different" } };
        var refused = await alice.PostAsync(KeysApi.Upload, new JsonObject { ["one_time_keys"] = conflicting });

        Assert.Equal(1, identical["one_time_key_counts"].GetProperty("signed_curve25519").GetInt32());
        refused.AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task Upload_RefusesMoreOneTimeKeysThanADeviceMayHold()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = await alice.PostAsync(KeysApi.Upload, new JsonObject
        {
            ["one_time_keys"] = KeysApi.OneTimeKeys(alice, new TestSigningKey(), E2eeKeyLimits.MaxOneTimeKeysPerDevice + 1),
        });

        response.AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Theory]
    [InlineData("""{"device_keys": "nope"}""", "M_BAD_JSON")]
    [InlineData("""{"one_time_keys": {"signed_curve25519:a": 5}}""", "M_BAD_JSON")]
    [InlineData("""{"device_keys": {"user_id": "@x:y", "device_id": "D"}}""", "M_INVALID_PARAM")]
    [InlineData("""{"device_keys": {}}""", "M_MISSING_PARAM")]
    public async Task Upload_RefusesMalformedBodies(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync(KeysApi.Upload, body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task Upload_NeedsAnAccessToken()
    {
        (await MatrixTestClient.Anonymous(fixture.Silo).PostAsync(KeysApi.Upload, new JsonObject()))
            .AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }
}
