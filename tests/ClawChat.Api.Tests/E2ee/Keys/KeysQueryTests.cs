using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.E2ee.Keys;

public sealed class KeysQueryTests(KeysSiloFixture fixture) : IClassFixture<KeysSiloFixture>
{
    [Fact]
    public async Task Query_ReturnsTheUploadedDeviceKeys_WithTheDisplayName()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        (await alice.PutAsync("/_matrix/client/v3/devices/" + alice.DeviceId, new { display_name = "Alice's laptop" })).AssertOk();
        var key = await KeysApi.UploadDeviceKeysAsync(alice);

        var response = (await bob.PostAsync(KeysApi.Query, KeysApi.QueryBody(alice.UserId))).AssertOk();

        var device = response["device_keys"].Path(alice.UserId, alice.DeviceId);
        Assert.Equal(alice.UserId, device.GetProperty("user_id").GetString());
        Assert.Equal(key.PublicKey, device.Path("keys", "ed25519:" + alice.DeviceId).GetString());
        Assert.True(device.Has("signatures", alice.UserId, "ed25519:" + alice.DeviceId));
        Assert.Equal("Alice's laptop", device.Path("unsigned", "device_display_name").GetString());
        Assert.Empty(response["failures"].EnumerateObject());
        Assert.Empty(response["master_keys"].EnumerateObject());
    }

    [Fact]
    public async Task Query_ReturnsOnlyTheRequestedDevices_AndOmitsUnknownOnes()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();
        await KeysApi.UploadDeviceKeysAsync(alice);
        await KeysApi.UploadDeviceKeysAsync(phone);

        var all = (await alice.PostAsync(KeysApi.Query, KeysApi.QueryBody(alice.UserId))).AssertOk();
        var one = (await alice.PostAsync(KeysApi.Query, new JsonObject
        {
            ["device_keys"] = new JsonObject { [alice.UserId] = new JsonArray(phone.DeviceId, "NOSUCHDEVICE") },
        })).AssertOk();

        Assert.Equal(2, all["device_keys"].GetProperty(alice.UserId).EnumerateObject().Count());
        Assert.Equal([phone.DeviceId], one["device_keys"].GetProperty(alice.UserId).EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Query_OmitsUnknownUsers_AndReportsRemoteServersAsFailures()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var unknown = "@nobody-" + Guid.NewGuid().ToString("N") + ":" + fixture.Silo.ServerName;

        var response = (await alice.PostAsync(KeysApi.Query, KeysApi.QueryBody(unknown, "@bob:remote.example", "not-a-user-id"))).AssertOk();

        Assert.Empty(response["device_keys"].EnumerateObject());
        Assert.Equal(["remote.example"], response["failures"].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task DeletingADevice_DropsItsDeviceAndOneTimeKeys()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();
        await KeysApi.UploadDeviceKeysAsync(phone, oneTimeKeys: 3);
        var session = (await alice.DeleteAsync("/_matrix/client/v3/devices/" + phone.DeviceId, new JsonObject()))
            .AssertStatus(HttpStatusCode.Unauthorized).GetString("session");

        (await alice.DeleteAsync("/_matrix/client/v3/devices/" + phone.DeviceId, new JsonObject { ["auth"] = alice.PasswordAuth(session) })).AssertOk();

        var response = (await alice.PostAsync(KeysApi.Query, KeysApi.QueryBody(alice.UserId))).AssertOk();
        Assert.False(response["device_keys"].Has(alice.UserId, phone.DeviceId));
        var claim = (await alice.PostAsync(KeysApi.Claim, new JsonObject
        {
            ["one_time_keys"] = new JsonObject { [alice.UserId] = new JsonObject { [phone.DeviceId] = "signed_curve25519" } },
        })).AssertOk();
        Assert.Empty(claim["one_time_keys"].EnumerateObject());
    }

    [Theory]
    [InlineData("{}", "M_MISSING_PARAM")]
    [InlineData("""{"device_keys": []}""", "M_BAD_JSON")]
    [InlineData("""{"device_keys": {"@a:b": "all"}}""", "M_BAD_JSON")]
    [InlineData("""{"device_keys": {"@a:b": [1]}}""", "M_BAD_JSON")]
    public async Task Query_RefusesMalformedBodies(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync(KeysApi.Query, body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task Query_RefusesTooManyUsers()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var users = Enumerable.Range(0, 1001).Select(i => $"@u{i}:{fixture.Silo.ServerName}").ToArray();

        (await alice.PostAsync(KeysApi.Query, KeysApi.QueryBody(users))).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }
}
