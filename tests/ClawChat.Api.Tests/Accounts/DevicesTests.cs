using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class DevicesTests(AccountsSiloFixture fixture) : IClassFixture<AccountsSiloFixture>
{
    private const string Devices = "/_matrix/client/v3/devices";

    [Fact]
    public async Task ListDevices_ShowsEverySessionWithLastSeen()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();

        var devices = (await alice.GetAsync(Devices)).AssertOk()["devices"].EnumerateArray().ToList();

        Assert.Equal(2, devices.Count);
        Assert.Equal(
            new[] { alice.DeviceId, phone.DeviceId }.Order(StringComparer.Ordinal),
            devices.Select(d => d.GetProperty("device_id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(devices, d =>
        {
            Assert.Equal("127.0.0.1", d.GetProperty("last_seen_ip").GetString());
            Assert.True(d.GetProperty("last_seen_ts").GetInt64() > 1_600_000_000_000);
        });
    }

    [Fact]
    public async Task GetDevice_ReturnsOneDevice_Or404()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var device = (await alice.GetAsync(Devices + "/" + alice.DeviceId)).AssertOk();

        Assert.Equal(alice.DeviceId, device.GetString("device_id"));
        (await alice.GetAsync(Devices + "/NOSUCHDEVICE")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task GetDevice_OfAnotherUser_Is404()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.GetAsync(Devices + "/" + bob.DeviceId)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task PutDevice_RenamesIt()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(Devices + "/" + alice.DeviceId, new { display_name = "Work laptop" })).AssertOk();

        Assert.Equal("Work laptop", (await alice.GetAsync(Devices + "/" + alice.DeviceId)).AssertOk().GetString("display_name"));
    }

    [Fact]
    public async Task PutDevice_ForAnUnknownDevice_Is404()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(Devices + "/NOSUCHDEVICE", new { display_name = "x" })).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Theory]
    [InlineData("{\"display_name\": 4}", "M_BAD_JSON")]
    [InlineData("[1]", "M_BAD_JSON")]
    [InlineData("{,}", "M_NOT_JSON")]
    public async Task PutDevice_WithAMalformedBody_IsABadRequest(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(Devices + "/" + alice.DeviceId, body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task DeleteDevice_NeedsThePassword_ThenRevokesItsToken()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();

        var challenge = (await alice.DeleteAsync(Devices + "/" + phone.DeviceId, new { })).AssertStatus(HttpStatusCode.Unauthorized);
        (await phone.GetAsync("/_matrix/client/v3/account/whoami")).AssertOk();
        (await alice.DeleteAsync(Devices + "/" + phone.DeviceId, new JsonObject { ["auth"] = alice.PasswordAuth(challenge.GetString("session")) })).AssertOk();

        (await phone.GetAsync("/_matrix/client/v3/account/whoami")).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");
        (await alice.GetAsync(Devices + "/" + phone.DeviceId)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task DeleteDevice_WithoutABody_Challenges()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = (await alice.DeleteAsync(Devices + "/" + alice.DeviceId)).AssertStatus(HttpStatusCode.Unauthorized);

        Assert.NotNull(response.GetString("session"));
    }

    [Fact]
    public async Task DeleteDevices_RemovesSeveralAtOnce()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();
        var tablet = await alice.LoginAgainAsync();
        var body = new JsonObject { ["devices"] = new JsonArray(phone.DeviceId, tablet.DeviceId, "NOSUCHDEVICE") };
        var session = (await alice.PostAsync("/_matrix/client/v3/delete_devices", body.DeepClone())).AssertStatus(HttpStatusCode.Unauthorized).GetString("session");
        body["auth"] = alice.PasswordAuth(session);

        (await alice.PostAsync("/_matrix/client/v3/delete_devices", body)).AssertOk();

        var remaining = (await alice.GetAsync(Devices)).AssertOk()["devices"].EnumerateArray().Select(d => d.GetProperty("device_id").GetString());
        Assert.Equal([alice.DeviceId], remaining);
        (await tablet.GetAsync("/_matrix/client/v3/account/whoami")).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");
    }

    [Theory]
    [InlineData("{}", "M_MISSING_PARAM")]
    [InlineData("{\"devices\": \"ABC\"}", "M_BAD_JSON")]
    [InlineData("{\"devices\": [1]}", "M_BAD_JSON")]
    public async Task DeleteDevices_WithAMalformedBody_IsABadRequest(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync("/_matrix/client/v3/delete_devices", body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task Devices_NeedAToken()
    {
        (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync(Devices)).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }
}
