using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class DeactivateTests(AccountsSiloFixture fixture) : IClassFixture<AccountsSiloFixture>
{
    private const string Path = "/_matrix/client/v3/account/deactivate";

    [Fact]
    public async Task Deactivate_NeedsThePassword()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var challenge = (await alice.PostAsync(Path, new { })).AssertStatus(HttpStatusCode.Unauthorized);
        var wrong = (await alice.PostAsync(Path, new JsonObject { ["auth"] = alice.PasswordAuth(challenge.GetString("session"), "wrong") }))
            .AssertStatus(HttpStatusCode.Unauthorized);

        Assert.Equal("M_FORBIDDEN", wrong.GetString("errcode"));
        (await alice.GetAsync("/_matrix/client/v3/account/whoami")).AssertOk();
    }

    [Fact]
    public async Task Deactivate_RevokesEveryToken_BlocksLogin_AndKeepsTheNameTaken()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var phone = await alice.LoginAgainAsync();
        var session = (await alice.PostAsync(Path, new { })).AssertStatus(HttpStatusCode.Unauthorized).GetString("session");

        var response = (await alice.PostAsync(Path, new JsonObject { ["auth"] = alice.PasswordAuth(session), ["erase"] = false })).AssertOk();

        Assert.Equal("no-support", response.GetString("id_server_unbind_result"));
        (await alice.GetAsync("/_matrix/client/v3/account/whoami")).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");
        (await phone.GetAsync("/_matrix/client/v3/account/whoami")).AssertError(HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN");
        var anonymous = MatrixTestClient.Anonymous(fixture.Silo);
        (await anonymous.PostAsync("/_matrix/client/v3/login", LoginTests.PasswordLogin(alice.Localpart, alice.Password!)))
            .AssertError(HttpStatusCode.Forbidden, "M_USER_DEACTIVATED");
        (await anonymous.GetAsync("/_matrix/client/v3/register/available?username=" + alice.Localpart))
            .AssertError(HttpStatusCode.BadRequest, "M_USER_IN_USE");
    }

    [Fact]
    public async Task Deactivate_WithAMalformedBody_IsABadRequest()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync(Path, "{\"erase\": \"yes\"}")).AssertError(HttpStatusCode.BadRequest, "M_BAD_JSON");
    }

    [Fact]
    public async Task Deactivate_LeavesEveryJoinedRoom_AndRejectsInvites()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var joined = (await alice.PostAsync("/_matrix/client/v3/createRoom", new JsonObject { ["invite"] = new JsonArray(bob.UserId) })).AssertOk().GetString("room_id")!;
        var invited = (await alice.PostAsync("/_matrix/client/v3/createRoom", new JsonObject { ["invite"] = new JsonArray(bob.UserId) })).AssertOk().GetString("room_id")!;
        (await bob.PostAsync($"/_matrix/client/v3/rooms/{MatrixTestClient.Escape(joined)}/join")).AssertOk();
        var session = (await bob.PostAsync(Path, new { })).AssertStatus(HttpStatusCode.Unauthorized).GetString("session");

        (await bob.PostAsync(Path, new JsonObject { ["auth"] = bob.PasswordAuth(session) })).AssertOk();

        foreach (var room in new[] { joined, invited })
        {
            var member = (await alice.GetAsync($"/_matrix/client/v3/rooms/{MatrixTestClient.Escape(room)}/state/m.room.member/{MatrixTestClient.Escape(bob.UserId)}")).AssertOk();
            Assert.Equal("leave", member.GetString("membership"));
        }
    }
}
