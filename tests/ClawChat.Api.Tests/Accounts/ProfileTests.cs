using System.Net;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class ProfileTests(AccountsSiloFixture fixture) : IClassFixture<AccountsSiloFixture>
{
    private static string Profile(string userId) => "/_matrix/client/v3/profile/" + MatrixTestClient.Escape(userId);

    [Fact]
    public async Task NewUsers_HaveTheirLocalpartAsDisplayName_AndNoAvatar()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var profile = (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync(Profile(alice.UserId))).AssertOk();

        Assert.Equal(alice.Localpart, profile.GetString("displayname"));
        Assert.False(profile.Has("avatar_url"));
    }

    [Fact]
    public async Task SetDisplayName_IsVisibleToEveryone()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(Profile(alice.UserId) + "/displayname", new { displayname = "Alice 🐇" })).AssertOk();

        Assert.Equal("Alice 🐇", (await bob.GetAsync(Profile(alice.UserId) + "/displayname")).AssertOk().GetString("displayname"));
        Assert.Equal("Alice 🐇", (await bob.GetAsync(Profile(alice.UserId))).AssertOk().GetString("displayname"));
    }

    [Fact]
    public async Task SetDisplayNameToNull_RemovesIt()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(Profile(alice.UserId) + "/displayname", "{\"displayname\": null}")).AssertOk();

        Assert.Equal("{}", (await alice.GetAsync(Profile(alice.UserId) + "/displayname")).AssertOk().Text);
    }

    [Fact]
    public async Task SetAvatarUrl_AcceptsMxcUris()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(Profile(alice.UserId) + "/avatar_url", new { avatar_url = "mxc://localhost/AbCdEf123" })).AssertOk();

        Assert.Equal("mxc://localhost/AbCdEf123", (await alice.GetAsync(Profile(alice.UserId) + "/avatar_url")).AssertOk().GetString("avatar_url"));
        Assert.Equal("mxc://localhost/AbCdEf123", (await alice.GetAsync(Profile(alice.UserId))).AssertOk().GetString("avatar_url"));
    }

    [Theory]
    [InlineData("https://example.org/cat.png")]
    [InlineData("mxc://")]
    [InlineData("mxc://localhost/bad id")]
    public async Task SetAvatarUrl_RejectsAnythingButMxc(string url)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(Profile(alice.UserId) + "/avatar_url", new { avatar_url = url })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task AnotherUsersProfile_CannotBeChanged()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await bob.PutAsync(Profile(alice.UserId) + "/displayname", new { displayname = "pwned" })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await bob.PutAsync(Profile(alice.UserId) + "/avatar_url", new { avatar_url = "mxc://localhost/x" })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        Assert.Equal(alice.Localpart, (await bob.GetAsync(Profile(alice.UserId))).AssertOk().GetString("displayname"));
    }

    [Fact]
    public async Task ChangingTheProfile_NeedsAToken()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await MatrixTestClient.Anonymous(fixture.Silo).PutAsync(Profile(alice.UserId) + "/displayname", new { displayname = "x" }))
            .AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }

    [Theory]
    [InlineData("")]
    [InlineData("/displayname")]
    [InlineData("/avatar_url")]
    public async Task UnknownAndRemoteUsers_Are404(string field)
    {
        var anonymous = MatrixTestClient.Anonymous(fixture.Silo);

        (await anonymous.GetAsync(Profile("@" + MatrixTestClient.NewLocalpart() + ":localhost") + field)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await anonymous.GetAsync(Profile("@alice:elsewhere.example") + field)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task AMalformedUserId_IsInvalidParam()
    {
        (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync(Profile("not-a-user-id"))).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Theory]
    [InlineData("/displayname", "{}", "M_MISSING_PARAM")]
    [InlineData("/displayname", "{\"displayname\": 12}", "M_BAD_JSON")]
    [InlineData("/avatar_url", "{}", "M_MISSING_PARAM")]
    [InlineData("/avatar_url", "{\"avatar_url\": {}}", "M_BAD_JSON")]
    [InlineData("/displayname", "nope", "M_NOT_JSON")]
    public async Task MalformedBodies_AreBadRequests(string field, string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(Profile(alice.UserId) + field, body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task AnOverlongDisplayName_IsRejected()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(Profile(alice.UserId) + "/displayname", new { displayname = new string('x', 257) })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }
}
