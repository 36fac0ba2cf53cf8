using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class RegisterTests(AccountsSiloFixture fixture) : IClassFixture<AccountsSiloFixture>
{
    private const string Path = "/_matrix/client/v3/register";
    private readonly MatrixTestClient _anonymous = MatrixTestClient.Anonymous(fixture.Silo);

    [Fact]
    public async Task FirstCall_WithoutAuth_ChallengesWithTheDummyFlow()
    {
        var response = (await _anonymous.PostAsync(Path, new { username = MatrixTestClient.NewLocalpart(), password = "pw" }))
            .AssertStatus(HttpStatusCode.Unauthorized);

        var flow = Assert.Single(response["flows"].EnumerateArray());
        Assert.Equal(["m.login.dummy"], flow.GetProperty("stages").EnumerateArray().Select(s => s.GetString()));
        Assert.NotNull(response.GetString("session"));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, response["params"].ValueKind);
        Assert.False(response.Has("errcode"));
        Assert.False(response.Has("completed"));
    }

    [Fact]
    public async Task DummyAuth_CompletesRegistration_AndLogsIn()
    {
        var localpart = MatrixTestClient.NewLocalpart();

        var response = (await RegisterAsync(new JsonObject
        {
            ["username"] = localpart,
            ["password"] = "pw",
            ["initial_device_display_name"] = "My phone",
        })).AssertOk();

        Assert.Equal($"@{localpart}:localhost", response.GetString("user_id"));
        Assert.NotNull(response.GetString("access_token"));
        var alice = await MatrixTestClient.LoginAsync(fixture.Silo, localpart, "pw");
        var device = (await alice.GetAsync("/_matrix/client/v3/devices/" + response.GetString("device_id"))).AssertOk();
        Assert.Equal("My phone", device.GetString("display_name"));
    }

    [Fact]
    public async Task Register_UsesTheClientsDeviceId()
    {
        var response = (await RegisterAsync(new JsonObject { ["username"] = MatrixTestClient.NewLocalpart(), ["password"] = "pw", ["device_id"] = "CLIENTDEV" })).AssertOk();

        Assert.Equal("CLIENTDEV", response.GetString("device_id"));
    }

    [Fact]
    public async Task InhibitLogin_ReturnsOnlyTheUserId()
    {
        var localpart = MatrixTestClient.NewLocalpart();

        var response = (await RegisterAsync(new JsonObject { ["username"] = localpart, ["password"] = "pw", ["inhibit_login"] = true })).AssertOk();

        Assert.Equal($"@{localpart}:localhost", response.GetString("user_id"));
        Assert.False(response.Has("access_token"));
        Assert.False(response.Has("device_id"));
        var alice = await MatrixTestClient.LoginAsync(fixture.Silo, localpart, "pw");
        Assert.Single((await alice.GetAsync("/_matrix/client/v3/devices")).AssertOk()["devices"].EnumerateArray());
    }

    [Fact]
    public async Task WithoutAUsername_AnIdIsGenerated()
    {
        var response = (await RegisterAsync(new JsonObject { ["password"] = "pw" })).AssertOk();

        Assert.Matches("^@user-[a-z0-9]{10}:localhost$", response.GetString("user_id"));
    }

    [Fact]
    public async Task UpperCaseUsernames_AreLowerCased()
    {
        var localpart = MatrixTestClient.NewLocalpart();

        var response = (await RegisterAsync(new JsonObject { ["username"] = localpart.ToUpperInvariant(), ["password"] = "pw" })).AssertOk();

        Assert.Equal($"@{localpart}:localhost", response.GetString("user_id"));
    }

    [Fact]
    public async Task TakenUsername_IsRejectedBeforeUserInteractiveAuth()
    {
        var existing = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await _anonymous.PostAsync(Path, new { username = existing.Localpart, password = "pw" })).AssertError(HttpStatusCode.BadRequest, "M_USER_IN_USE");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("emoji😀")]
    [InlineData("colon:inside")]
    [InlineData("")]
    public async Task InvalidUsername_IsRejected(string username)
    {
        (await _anonymous.PostAsync(Path, new { username, password = "pw" })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_USERNAME");
    }

    [Fact]
    public async Task OverlongUsername_IsRejected()
    {
        (await _anonymous.PostAsync(Path, new { username = new string('a', 250), password = "pw" })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_USERNAME");
    }

    [Fact]
    public async Task GuestRegistration_IsForbidden()
    {
        (await _anonymous.PostAsync(Path + "?kind=guest", new { })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Fact]
    public async Task MissingPassword_IsReportedOnceAuthIsDone()
    {
        (await RegisterAsync(new JsonObject { ["username"] = MatrixTestClient.NewLocalpart() })).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
    }

    [Fact]
    public async Task EmptyPassword_IsWeak()
    {
        (await RegisterAsync(new JsonObject { ["username"] = MatrixTestClient.NewLocalpart(), ["password"] = string.Empty })).AssertError(HttpStatusCode.BadRequest, "M_WEAK_PASSWORD");
    }

    [Fact]
    public async Task ACompletedSession_CannotBeReused()
    {
        var first = (await _anonymous.PostAsync(Path, new { })).AssertStatus(HttpStatusCode.Unauthorized);
        var session = first.GetString("session");
        (await _anonymous.PostAsync(Path, Body(MatrixTestClient.NewLocalpart(), session))).AssertOk();

        var again = (await _anonymous.PostAsync(Path, Body(MatrixTestClient.NewLocalpart(), session))).AssertStatus(HttpStatusCode.Unauthorized);

        Assert.NotEqual(session, again.GetString("session"));
        Assert.Equal("M_UNKNOWN", again.GetString("errcode"));
    }

    [Fact]
    public async Task AnUnofferedStage_IsRejectedWithTheChallenge()
    {
        var first = (await _anonymous.PostAsync(Path, new { })).AssertStatus(HttpStatusCode.Unauthorized);
        var body = new JsonObject
        {
            ["username"] = MatrixTestClient.NewLocalpart(),
            ["password"] = "pw",
            ["auth"] = new JsonObject { ["type"] = "m.login.recaptcha", ["session"] = first.GetString("session") },
        };

        var response = (await _anonymous.PostAsync(Path, body)).AssertStatus(HttpStatusCode.Unauthorized);

        Assert.Equal("M_UNRECOGNIZED", response.GetString("errcode"));
        Assert.Equal(first.GetString("session"), response.GetString("session"));
    }

    [Theory]
    [InlineData("{\"username\": 5}", "M_BAD_JSON")]
    [InlineData("{\"password\": true}", "M_BAD_JSON")]
    [InlineData("{\"auth\": \"dummy\"}", "M_BAD_JSON")]
    [InlineData("{\"auth\": {\"type\": 1}}", "M_BAD_JSON")]
    [InlineData("{\"inhibit_login\": \"yes\"}", "M_BAD_JSON")]
    [InlineData("{\"device_id\": \"\"}", "M_INVALID_PARAM")]
    [InlineData("not json", "M_NOT_JSON")]
    public async Task MalformedBodies_AreBadRequests(string body, string errcode)
    {
        (await _anonymous.PostAsync(Path, body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task Available_IsTrue_ForAFreeName()
    {
        var response = (await _anonymous.GetAsync(Path + "/available?username=" + MatrixTestClient.NewLocalpart())).AssertOk();

        Assert.True(response["available"].GetBoolean());
    }

    [Fact]
    public async Task Available_ReportsTakenInvalidAndMissingNames()
    {
        var existing = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await _anonymous.GetAsync(Path + "/available?username=" + existing.Localpart)).AssertError(HttpStatusCode.BadRequest, "M_USER_IN_USE");
        (await _anonymous.GetAsync(Path + "/available?username=bad%20name")).AssertError(HttpStatusCode.BadRequest, "M_INVALID_USERNAME");
        (await _anonymous.GetAsync(Path + "/available")).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
    }

    [Fact]
    public async Task ClosedRegistration_IsForbidden_ButSharedSecretRegistrationStillWorks()
    {
        await using var silo = await RunningSilo.StartAsync();
        var anonymous = MatrixTestClient.Anonymous(silo);

        (await anonymous.PostAsync(Path, new { username = MatrixTestClient.NewLocalpart(), password = "pw" })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await anonymous.GetAsync(Path + "/available?username=x")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        await MatrixTestClient.RegisterAsync(silo);
    }

    private async Task<MatrixResponse> RegisterAsync(JsonObject body)
    {
        var challenge = (await _anonymous.PostAsync(Path, body.DeepClone())).AssertStatus(HttpStatusCode.Unauthorized);
        body["auth"] = new JsonObject { ["type"] = "m.login.dummy", ["session"] = challenge.GetString("session") };
        return await _anonymous.PostAsync(Path, body);
    }

    private static JsonObject Body(string username, string? session) => new()
    {
        ["username"] = username,
        ["password"] = "pw",
        ["auth"] = new JsonObject { ["type"] = "m.login.dummy", ["session"] = session },
    };
}
