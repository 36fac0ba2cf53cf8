using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class AccessTokenTests(AccountsSiloFixture fixture) : IClassFixture<AccountsSiloFixture>
{
    private const string WhoAmI = "/_matrix/client/v3/account/whoami";

    [Fact]
    public async Task WhoAmI_NamesTheUserAndDevice()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = (await alice.GetAsync(WhoAmI)).AssertOk();

        Assert.Equal(alice.UserId, response.GetString("user_id"));
        Assert.Equal(alice.DeviceId, response.GetString("device_id"));
        Assert.Equal(JsonValueKind.False, response["is_guest"].ValueKind);
    }

    [Fact]
    public async Task NoToken_IsMissingToken()
    {
        (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync(WhoAmI)).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }

    [Fact]
    public async Task AnotherAuthorizationScheme_IsMissingToken()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        using var request = new HttpRequestMessage(HttpMethod.Get, WhoAmI);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", alice.AccessToken);

        (await alice.SendRawAsync(request)).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task UnknownToken_IsUnknownToken_WithHardLogout(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WhoAmI);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = (await MatrixTestClient.Anonymous(fixture.Silo).SendRawAsync(request)).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");

        Assert.Equal(JsonValueKind.False, response["soft_logout"].ValueKind);
    }

    [Fact]
    public async Task TokenInTheDeprecatedQueryParameter_IsAccepted()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        using var request = new HttpRequestMessage(HttpMethod.Get, WhoAmI + "?access_token=" + Uri.EscapeDataString(alice.AccessToken));

        var response = (await alice.SendRawAsync(request)).AssertOk();

        Assert.Equal(alice.UserId, response.GetString("user_id"));
    }

    [Fact]
    public async Task InvalidTokenOnAnEndpointWhereItIsOptional_IsStillUnknownToken()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_matrix/client/v3/profile/" + MatrixTestClient.Escape(alice.UserId));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "bogus");

        (await alice.SendRawAsync(request)).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");
    }

    [Fact]
    public async Task Logout_RevokesTheTokenImmediately_EvenThoughItWasJustCached()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();
        (await alice.GetAsync(WhoAmI)).AssertOk();

        (await alice.PostAsync("/_matrix/client/v3/logout")).AssertOk();

        (await alice.GetAsync(WhoAmI)).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");
        (await phone.GetAsync(WhoAmI)).AssertOk();
        var devices = (await phone.GetAsync("/_matrix/client/v3/devices")).AssertOk()["devices"];
        Assert.Equal(phone.DeviceId, Assert.Single(devices.EnumerateArray()).GetProperty("device_id").GetString());
    }

    [Fact]
    public async Task Logout_AcceptsAnEmptyBody()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = (await alice.SendAsync(HttpMethod.Post, "/_matrix/client/v3/logout")).AssertOk();

        Assert.Equal("{}", response.Text);
    }

    [Fact]
    public async Task LogoutAll_RevokesEveryDevicesToken_Immediately()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();
        (await phone.GetAsync(WhoAmI)).AssertOk();

        (await alice.PostAsync("/_matrix/client/v3/logout/all")).AssertOk();

        (await alice.GetAsync(WhoAmI)).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");
        (await phone.GetAsync(WhoAmI)).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");
        await alice.LoginAgainAsync();
    }

    [Fact]
    public async Task Logout_WithoutAToken_IsMissingToken()
    {
        (await MatrixTestClient.Anonymous(fixture.Silo).PostAsync("/_matrix/client/v3/logout")).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }
}
