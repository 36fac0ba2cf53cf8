using System.Net;
using System.Text.Json;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class DiscoveryTests(AccountsSiloFixture fixture) : IClassFixture<AccountsSiloFixture>
{
    [Fact]
    public async Task Capabilities_AdvertiseRoomVersionsAndAccountFeatures()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var capabilities = (await alice.GetAsync("/_matrix/client/v3/capabilities")).AssertOk()["capabilities"];

        var versions = capabilities.GetProperty("m.room_versions");
        Assert.Equal("11", versions.GetProperty("default").GetString());
        Assert.Equal("stable", versions.GetProperty("available").GetProperty("10").GetString());
        Assert.Equal("stable", versions.GetProperty("available").GetProperty("11").GetString());
        Assert.True(capabilities.GetProperty("m.change_password").GetProperty("enabled").GetBoolean());
        Assert.True(capabilities.GetProperty("m.set_displayname").GetProperty("enabled").GetBoolean());
        Assert.True(capabilities.GetProperty("m.set_avatar_url").GetProperty("enabled").GetBoolean());
        Assert.False(capabilities.GetProperty("m.3pid_changes").GetProperty("enabled").GetBoolean());
        Assert.False(capabilities.GetProperty("m.get_login_token").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Capabilities_NeedAToken()
    {
        (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync("/_matrix/client/v3/capabilities")).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }

    [Fact]
    public async Task WellKnown_DefaultsToTheAddressTheClientUsed()
    {
        var response = (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync("/.well-known/matrix/client")).AssertOk();

        Assert.Equal(fixture.Silo.Client.BaseAddress!.ToString().TrimEnd('/'), response["m.homeserver"].GetProperty("base_url").GetString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task WellKnown_AndLogin_UseTheConfiguredPublicBaseUrl()
    {
        await using var silo = await RunningSilo.StartAsync("--ClawChat:PublicBaseUrl", "https://matrix.example.org/");
        var alice = await MatrixTestClient.RegisterAsync(silo);
        var anonymous = MatrixTestClient.Anonymous(silo);

        var wellKnown = (await anonymous.GetAsync("/.well-known/matrix/client")).AssertOk();
        var login = (await anonymous.PostAsync("/_matrix/client/v3/login", LoginTests.PasswordLogin(alice.Localpart, alice.Password!))).AssertOk();

        Assert.Equal("https://matrix.example.org", wellKnown["m.homeserver"].GetProperty("base_url").GetString());
        Assert.Equal("https://matrix.example.org", login["well_known"].GetProperty("m.homeserver").GetProperty("base_url").GetString());
    }

    [Fact]
    public async Task AnInvalidPublicBaseUrl_StopsStartUp_NamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningSilo.StartAsync("--ClawChat:PublicBaseUrl", "matrix.example.org"));

        Assert.Contains("ClawChat:PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShortSharedSecret_StopsStartUp_NamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningSilo.StartAsync("--ClawChat:Registration:SharedSecret", "short"));

        Assert.Contains("ClawChat:Registration:SharedSecret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short", error.Message.Replace("ClawChat", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadRateLimits_StopStartUp_NamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningSilo.StartAsync("--ClawChat:RateLimits:Login:Burst", "0"));

        Assert.Contains("ClawChat:RateLimits:Login:Burst", error.Message, StringComparison.Ordinal);
    }
}
