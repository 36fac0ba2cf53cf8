using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class SharedSecretRegistrationTests(AccountsSiloFixture fixture) : IClassFixture<AccountsSiloFixture>
{
    private const string Path = "/_synapse/admin/v1/register";
    private readonly MatrixTestClient _anonymous = MatrixTestClient.Anonymous(fixture.Silo);

    [Fact]
    public async Task Register_WithAValidMac_CreatesTheUserAndLogsIn()
    {
        var localpart = MatrixTestClient.NewLocalpart();

        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo, localpart, "secret-pw", displayName: "Alice A.");

        Assert.Equal($"@{localpart}:localhost", alice.UserId);
        var whoami = (await alice.GetAsync("/_matrix/client/v3/account/whoami")).AssertOk();
        Assert.Equal(alice.UserId, whoami.GetString("user_id"));
        Assert.Equal(alice.DeviceId, whoami.GetString("device_id"));
        var profile = (await _anonymous.GetAsync("/_matrix/client/v3/profile/" + MatrixTestClient.Escape(alice.UserId))).AssertOk();
        Assert.Equal("Alice A.", profile.GetString("displayname"));
        await MatrixTestClient.LoginAsync(fixture.Silo, localpart, "secret-pw");
    }

    [Fact]
    public async Task Register_AnswersLikeSynapse()
    {
        var localpart = MatrixTestClient.NewLocalpart();
        var nonce = (await _anonymous.GetAsync(Path)).AssertOk().GetString("nonce")!;

        var response = (await _anonymous.PostAsync(Path, Body(nonce, localpart, "pw", admin: true))).AssertOk();

        Assert.Equal($"@{localpart}:localhost", response.GetString("user_id"));
        Assert.Equal("localhost", response.GetString("home_server"));
        Assert.NotNull(response.GetString("access_token"));
        Assert.NotNull(response.GetString("device_id"));
    }

    [Fact]
    public async Task Nonce_IsSingleUse()
    {
        var nonce = (await _anonymous.GetAsync(Path)).AssertOk().GetString("nonce")!;
        (await _anonymous.PostAsync(Path, Body(nonce, MatrixTestClient.NewLocalpart(), "pw"))).AssertOk();

        var again = await _anonymous.PostAsync(Path, Body(nonce, MatrixTestClient.NewLocalpart(), "pw"));

        again.AssertError(HttpStatusCode.BadRequest, "M_UNKNOWN");
        Assert.Equal("Unrecognised nonce.", again.GetString("error"));
    }

    [Fact]
    public async Task UnknownNonce_IsRejected()
    {
        (await _anonymous.PostAsync(Path, Body("not-a-nonce", MatrixTestClient.NewLocalpart(), "pw")))
            .AssertError(HttpStatusCode.BadRequest, "M_UNKNOWN");
    }

    [Fact]
    public async Task WrongMac_IsForbidden_AndBurnsTheNonce()
    {
        var localpart = MatrixTestClient.NewLocalpart();
        var nonce = (await _anonymous.GetAsync(Path)).AssertOk().GetString("nonce")!;
        var body = Body(nonce, localpart, "pw");
        body["mac"] = MatrixTestClient.SharedSecretMac("the-wrong-shared-secret", nonce, localpart, "pw", admin: false);

        (await _anonymous.PostAsync(Path, body)).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");

        (await _anonymous.PostAsync(Path, Body(nonce, localpart, "pw"))).AssertError(HttpStatusCode.BadRequest, "M_UNKNOWN");
    }

    [Fact]
    public async Task MacOverTheAdminFlag_CannotBeReusedToBecomeAdmin()
    {
        var localpart = MatrixTestClient.NewLocalpart();
        var nonce = (await _anonymous.GetAsync(Path)).AssertOk().GetString("nonce")!;
        var body = Body(nonce, localpart, "pw", admin: false);
        body["admin"] = true;

        (await _anonymous.PostAsync(Path, body)).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Fact]
    public async Task TakenUsername_IsUserInUse()
    {
        var existing = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var nonce = (await _anonymous.GetAsync(Path)).AssertOk().GetString("nonce")!;

        (await _anonymous.PostAsync(Path, Body(nonce, existing.Localpart, "pw"))).AssertError(HttpStatusCode.BadRequest, "M_USER_IN_USE");
    }

    [Fact]
    public async Task InvalidUsername_IsInvalidUsername()
    {
        var nonce = (await _anonymous.GetAsync(Path)).AssertOk().GetString("nonce")!;

        (await _anonymous.PostAsync(Path, Body(nonce, "bad name!", "pw"))).AssertError(HttpStatusCode.BadRequest, "M_INVALID_USERNAME");
    }

    [Theory]
    [InlineData("{\"nonce\": 5}", "M_BAD_JSON")]
    [InlineData("{\"nonce\": \"n\"}", "M_MISSING_PARAM")]
    [InlineData("{\"nonce\": \"n\", \"username\": \"u\", \"password\": \"p\", \"admin\": \"yes\", \"mac\": \"00\"}", "M_BAD_JSON")]
    [InlineData("[]", "M_BAD_JSON")]
    [InlineData("{nope", "M_NOT_JSON")]
    public async Task MalformedBodies_AreBadRequests(string body, string errcode)
    {
        (await _anonymous.PostAsync(Path, body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task WithoutASharedSecret_ItIsDisabled()
    {
        await using var silo = await RunningSilo.StartAsync("--ClawChat:Registration:SharedSecret", "");
        var anonymous = MatrixTestClient.Anonymous(silo);

        var get = (await anonymous.GetAsync(Path)).AssertError(HttpStatusCode.BadRequest, "M_UNKNOWN");
        var post = (await anonymous.PostAsync(Path, Body("n", "u", "p"))).AssertError(HttpStatusCode.BadRequest, "M_UNKNOWN");

        Assert.Equal("Shared secret registration is not enabled", get.GetString("error"));
        Assert.Equal("Shared secret registration is not enabled", post.GetString("error"));
    }

    private static JsonObject Body(string nonce, string username, string password, bool admin = false) => new()
    {
        ["nonce"] = nonce,
        ["username"] = username,
        ["password"] = password,
        ["admin"] = admin,
        ["mac"] = MatrixTestClient.SharedSecretMac(RunningSilo.DefaultSharedSecret, nonce, username, password, admin),
    };
}
