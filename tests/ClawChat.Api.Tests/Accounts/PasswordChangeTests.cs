using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class PasswordChangeTests(AccountsSiloFixture fixture) : IClassFixture<AccountsSiloFixture>
{
    private const string Path = "/_matrix/client/v3/account/password";
    private const string WhoAmI = "/_matrix/client/v3/account/whoami";

    [Fact]
    public async Task FirstCall_ChallengesForThePassword()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = (await alice.PostAsync(Path, new { new_password = "new" })).AssertStatus(HttpStatusCode.Unauthorized);

        var flow = Assert.Single(response["flows"].EnumerateArray());
        Assert.Equal(["m.login.password"], flow.GetProperty("stages").EnumerateArray().Select(s => s.GetString()));
        Assert.NotNull(response.GetString("session"));
        Assert.False(response.Has("errcode"));
    }

    [Fact]
    public async Task ChangingThePassword_LogsOutOtherDevices_ByDefault()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();
        (await phone.GetAsync(WhoAmI)).AssertOk();

        (await ChangeAsync(alice, new JsonObject { ["new_password"] = "brand new" })).AssertOk();

        (await alice.GetAsync(WhoAmI)).AssertOk();
        (await phone.GetAsync(WhoAmI)).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");
        await MatrixTestClient.LoginAsync(fixture.Silo, alice.UserId, "brand new");
        (await MatrixTestClient.Anonymous(fixture.Silo).PostAsync("/_matrix/client/v3/login", LoginTests.PasswordLogin(alice.UserId, alice.Password!)))
            .AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Fact]
    public async Task LogoutDevicesFalse_KeepsOtherDevices()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();

        (await ChangeAsync(alice, new JsonObject { ["new_password"] = "brand new", ["logout_devices"] = false })).AssertOk();

        (await phone.GetAsync(WhoAmI)).AssertOk();
    }

    [Fact]
    public async Task AWrongPassword_KeepsTheSession_AndCanBeRetried()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var session = (await alice.PostAsync(Path, new { new_password = "new" })).AssertStatus(HttpStatusCode.Unauthorized).GetString("session");

        var wrong = (await alice.PostAsync(Path, new JsonObject { ["new_password"] = "new", ["auth"] = alice.PasswordAuth(session, "wrong") }))
            .AssertStatus(HttpStatusCode.Unauthorized);

        Assert.Equal("M_FORBIDDEN", wrong.GetString("errcode"));
        Assert.Equal(session, wrong.GetString("session"));
        (await alice.PostAsync(Path, new JsonObject { ["new_password"] = "new", ["auth"] = alice.PasswordAuth(session) })).AssertOk();
    }

    [Fact]
    public async Task AnotherUsersIdentifier_FailsTheStage()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var session = (await alice.PostAsync(Path, new { new_password = "new" })).GetString("session");
        var auth = bob.PasswordAuth(session);

        var response = (await alice.PostAsync(Path, new JsonObject { ["new_password"] = "new", ["auth"] = auth })).AssertStatus(HttpStatusCode.Unauthorized);

        Assert.Equal("M_FORBIDDEN", response.GetString("errcode"));
    }

    [Fact]
    public async Task ASessionStartedForAnotherOperation_IsForbidden()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var session = (await alice.PostAsync("/_matrix/client/v3/account/deactivate", new { })).AssertStatus(HttpStatusCode.Unauthorized).GetString("session");

        (await alice.PostAsync(Path, new JsonObject { ["new_password"] = "new", ["auth"] = alice.PasswordAuth(session) }))
            .AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.GetAsync(WhoAmI)).AssertOk();
    }

    [Fact]
    public async Task ASessionOfAnotherUser_IsForbidden()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var session = (await bob.PostAsync(Path, new { new_password = "new" })).GetString("session");

        (await alice.PostAsync(Path, new JsonObject { ["new_password"] = "new", ["auth"] = alice.PasswordAuth(session) }))
            .AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Fact]
    public async Task MissingNewPassword_IsReportedOnceAuthIsDone()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await ChangeAsync(alice, new JsonObject())).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
    }

    [Theory]
    [InlineData("{\"new_password\": 1}", "M_BAD_JSON")]
    [InlineData("{\"new_password\": \"x\", \"logout_devices\": \"no\"}", "M_BAD_JSON")]
    [InlineData("{\"new_password\": \"x\", \"auth\": []}", "M_BAD_JSON")]
    [InlineData("{\"new_password\": \"x\", \"auth\": {\"type\": \"m.login.password\"}}", "M_MISSING_PARAM")]
    [InlineData("{", "M_NOT_JSON")]
    public async Task MalformedBodies_AreBadRequests(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync(Path, body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task WithoutAToken_IsMissingToken()
    {
        (await MatrixTestClient.Anonymous(fixture.Silo).PostAsync(Path, new { new_password = "x" })).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }

    private static async Task<MatrixResponse> ChangeAsync(MatrixTestClient client, JsonObject body)
    {
        var session = (await client.PostAsync(Path, body.DeepClone())).AssertStatus(HttpStatusCode.Unauthorized).GetString("session");
        body["auth"] = client.PasswordAuth(session);
        return await client.PostAsync(Path, body);
    }
}
