using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class LoginTests(AccountsSiloFixture fixture) : IClassFixture<AccountsSiloFixture>
{
    private const string Path = "/_matrix/client/v3/login";
    private readonly MatrixTestClient _anonymous = MatrixTestClient.Anonymous(fixture.Silo);

    [Fact]
    public async Task GetLogin_OffersPasswordLogin()
    {
        var response = (await _anonymous.GetAsync(Path)).AssertOk();

        var flow = Assert.Single(response["flows"].EnumerateArray());
        Assert.Equal("m.login.password", flow.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Login_WithLocalpart_ReturnsAWorkingSession()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = (await _anonymous.PostAsync(Path, PasswordLogin(alice.Localpart, alice.Password!))).AssertOk();

        Assert.Equal(alice.UserId, response.GetString("user_id"));
        Assert.Equal("localhost", response.GetString("home_server"));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", response.GetString("access_token"));
        Assert.NotEqual(alice.DeviceId, response.GetString("device_id"));
        Assert.Equal(fixture.Silo.Client.BaseAddress!.ToString().TrimEnd('/'), response["well_known"].GetProperty("m.homeserver").GetProperty("base_url").GetString());
        var session = await MatrixTestClient.LoginAsync(fixture.Silo, alice.Localpart, alice.Password!);
        Assert.Equal(alice.UserId, (await session.GetAsync("/_matrix/client/v3/account/whoami")).AssertOk().GetString("user_id"));
    }

    [Fact]
    public async Task Login_AcceptsAFullUserId_AndUpperCaseLocalparts()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await _anonymous.PostAsync(Path, PasswordLogin(alice.UserId, alice.Password!))).AssertOk();
        var upper = (await _anonymous.PostAsync(Path, PasswordLogin(alice.Localpart.ToUpperInvariant(), alice.Password!))).AssertOk();

        Assert.Equal(alice.UserId, upper.GetString("user_id"));
    }

    [Fact]
    public async Task Login_AcceptsTheDeprecatedTopLevelUserField()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = (await _anonymous.PostAsync(Path, new { type = "m.login.password", user = alice.Localpart, password = alice.Password })).AssertOk();

        Assert.Equal(alice.UserId, response.GetString("user_id"));
    }

    [Fact]
    public async Task Login_WithAWrongPassword_IsForbidden()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await _anonymous.PostAsync(Path, PasswordLogin(alice.Localpart, "wrong"))).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Theory]
    [InlineData("nobody-here")]
    [InlineData("@someone:elsewhere.example")]
    [InlineData("@bad id:localhost")]
    [InlineData("Not Valid!")]
    public async Task Login_ForUnknownOrForeignUsers_IsForbidden(string user)
    {
        (await _anonymous.PostAsync(Path, PasswordLogin(user, "pw"))).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Fact]
    public async Task Login_WithAClientDeviceId_ReusesItAndRevokesItsOldToken()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var first = await alice.LoginAgainAsync("MYLAPTOP");

        var second = await alice.LoginAgainAsync("MYLAPTOP");

        Assert.Equal("MYLAPTOP", second.DeviceId);
        (await first.GetAsync("/_matrix/client/v3/account/whoami")).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");
        (await second.GetAsync("/_matrix/client/v3/account/whoami")).AssertOk();
        var devices = (await alice.GetAsync("/_matrix/client/v3/devices")).AssertOk()["devices"].EnumerateArray().Select(d => d.GetProperty("device_id").GetString()).ToList();
        Assert.Equal(2, devices.Count);
        Assert.Contains("MYLAPTOP", devices);
    }

    [Fact]
    public async Task Login_InitialDeviceDisplayName_NamesTheDevice()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var body = PasswordLogin(alice.Localpart, alice.Password!);
        body["initial_device_display_name"] = "Element on Firefox";

        var deviceId = (await _anonymous.PostAsync(Path, body)).AssertOk().GetString("device_id")!;

        var device = (await alice.GetAsync("/_matrix/client/v3/devices/" + deviceId)).AssertOk();
        Assert.Equal("Element on Firefox", device.GetString("display_name"));
    }

    [Fact]
    public async Task Login_WithAnUnsupportedType_IsABadRequest()
    {
        (await _anonymous.PostAsync(Path, new { type = "m.login.token", token = "x" })).AssertError(HttpStatusCode.BadRequest, "M_UNKNOWN");
    }

    [Theory]
    [InlineData("{}", HttpStatusCode.BadRequest, "M_MISSING_PARAM")]
    [InlineData("{\"type\": 1}", HttpStatusCode.BadRequest, "M_BAD_JSON")]
    [InlineData("{\"type\": \"m.login.password\", \"password\": \"p\"}", HttpStatusCode.BadRequest, "M_MISSING_PARAM")]
    [InlineData("{\"type\": \"m.login.password\", \"identifier\": \"alice\", \"password\": \"p\"}", HttpStatusCode.BadRequest, "M_BAD_JSON")]
    [InlineData("{\"type\": \"m.login.password\", \"identifier\": {\"type\": \"m.id.user\"}, \"password\": \"p\"}", HttpStatusCode.BadRequest, "M_MISSING_PARAM")]
    [InlineData("{\"type\": \"m.login.password\", \"identifier\": {\"type\": \"m.id.user\", \"user\": \"a\"}}", HttpStatusCode.BadRequest, "M_MISSING_PARAM")]
    [InlineData("{\"type\": \"m.login.password\", \"identifier\": {\"type\": \"m.id.user\", \"user\": \"a\"}, \"password\": 7}", HttpStatusCode.BadRequest, "M_BAD_JSON")]
    [InlineData("{\"type\": \"m.login.password\", \"identifier\": {\"type\": \"m.id.user\", \"user\": \"a\"}, \"password\": \"p\", \"device_id\": 3}", HttpStatusCode.BadRequest, "M_BAD_JSON")]
    [InlineData("{\"type\": \"m.login.password\", \"identifier\": {\"type\": \"m.id.thirdparty\", \"medium\": \"email\", \"address\": \"a@b.c\"}, \"password\": \"p\"}", HttpStatusCode.Forbidden, "M_FORBIDDEN")]
    [InlineData("{\"type\": \"m.login.password\"", HttpStatusCode.BadRequest, "M_NOT_JSON")]
    [InlineData("\"just a string\"", HttpStatusCode.BadRequest, "M_BAD_JSON")]
    public async Task Login_WithMalformedBodies_AnswersWithSpecErrors(string body, HttpStatusCode status, string errcode)
    {
        (await _anonymous.PostAsync(Path, body)).AssertError(status, errcode);
    }

    internal static JsonObject PasswordLogin(string user, string password) => new()
    {
        ["type"] = "m.login.password",
        ["identifier"] = new JsonObject { ["type"] = "m.id.user", ["user"] = user },
        ["password"] = password,
    };
}
