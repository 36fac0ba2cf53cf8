using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Testing;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Api.Tests.E2ee.Keys;

public sealed class CrossSigningUploadTests(KeysSiloFixture fixture) : IClassFixture<KeysSiloFixture>
{
    [Fact]
    public async Task FirstUpload_NeedsNoPassword_AndShowsInQuery()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var keys = new CrossSigningSet(alice.UserId);

        var response = (await alice.PostAsync(KeysApi.DeviceSigningUpload, keys.Body())).AssertOk();

        Assert.Equal("{}", response.Text);
        var own = (await alice.PostAsync(KeysApi.Query, KeysApi.QueryBody(alice.UserId))).AssertOk();
        Assert.Equal(keys.Master.PublicKey, own["master_keys"].Path(alice.UserId, "keys", "ed25519:" + keys.Master.PublicKey).GetString());
        Assert.Equal(keys.SelfSigning.PublicKey, own["self_signing_keys"].Path(alice.UserId, "keys", "ed25519:" + keys.SelfSigning.PublicKey).GetString());
        Assert.True(own["user_signing_keys"].Has(alice.UserId));
        var seenByBob = (await bob.PostAsync(KeysApi.Query, KeysApi.QueryBody(alice.UserId))).AssertOk();
        Assert.True(seenByBob["master_keys"].Has(alice.UserId));
        Assert.False(seenByBob["user_signing_keys"].Has(alice.UserId));
    }

    [Fact]
    public async Task IdenticalRetry_NeedsNoPassword()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var keys = new CrossSigningSet(alice.UserId);
        (await alice.PostAsync(KeysApi.DeviceSigningUpload, keys.Body())).AssertOk();

        (await alice.PostAsync(KeysApi.DeviceSigningUpload, keys.Body())).AssertOk();
    }

    [Fact]
    public async Task Replacing_NeedsPasswordUia()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        (await alice.PostAsync(KeysApi.DeviceSigningUpload, new CrossSigningSet(alice.UserId).Body())).AssertOk();
        var replacement = new CrossSigningSet(alice.UserId);

        var challenge = (await alice.PostAsync(KeysApi.DeviceSigningUpload, replacement.Body())).AssertStatus(HttpStatusCode.Unauthorized);
        Assert.Equal("m.login.password", challenge["flows"][0].GetProperty("stages")[0].GetString());
        Assert.False(challenge.Has("errcode"));
        var session = challenge.GetString("session");

        var wrong = replacement.Body();
        wrong["auth"] = alice.PasswordAuth(session, "wrong password");
        var refused = (await alice.PostAsync(KeysApi.DeviceSigningUpload, wrong)).AssertStatus(HttpStatusCode.Unauthorized);
        Assert.Equal("M_FORBIDDEN", refused.GetString("errcode"));

        var right = replacement.Body();
        right["auth"] = alice.PasswordAuth(session);
        (await alice.PostAsync(KeysApi.DeviceSigningUpload, right)).AssertOk();
        var own = (await alice.PostAsync(KeysApi.Query, KeysApi.QueryBody(alice.UserId))).AssertOk();
        Assert.True(own["master_keys"].Path(alice.UserId, "keys").Has("ed25519:" + replacement.Master.PublicKey));
    }

    [Fact]
    public async Task ASelfSigningKeyNotSignedByTheMasterKey_IsInvalidSignature()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var keys = new CrossSigningSet(alice.UserId);
        var body = keys.Body();
        body["self_signing_key"] = KeysApi.CrossSigningKey(alice.UserId, "self_signing", keys.SelfSigning, new TestSigningKey());

        (await alice.PostAsync(KeysApi.DeviceSigningUpload, body)).AssertError(HttpStatusCode.BadRequest, "M_INVALID_SIGNATURE");
    }

    [Fact]
    public async Task ASelfSigningKeyWithoutAnyMasterKey_IsMissingParam()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var keys = new CrossSigningSet(alice.UserId);
        var body = keys.Body();
        body.Remove("master_key");

        (await alice.PostAsync(KeysApi.DeviceSigningUpload, body)).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
    }

    [Fact]
    public async Task AMasterKeyOfAnotherUser_IsInvalidParam()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync(KeysApi.DeviceSigningUpload, new CrossSigningSet(bob.UserId).Body()))
            .AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task AKeyEqualToADeviceId_IsForbidden()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var keys = new CrossSigningSet(alice.UserId);
        await alice.LoginAgainAsync(keys.Master.PublicKey);

        (await alice.PostAsync(KeysApi.DeviceSigningUpload, keys.Body())).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    /// <summary>A fresh master, self-signing and user-signing key of one user.</summary>
    internal sealed class CrossSigningSet(string userId)
    {
        public TestSigningKey Master { get; } = new();

        public TestSigningKey SelfSigning { get; } = new();

        public TestSigningKey UserSigning { get; } = new();

        public JsonObject Body() => new()
        {
            ["master_key"] = KeysApi.CrossSigningKey(userId, "master", Master),
            ["self_signing_key"] = KeysApi.CrossSigningKey(userId, "self_signing", SelfSigning, Master),
            ["user_signing_key"] = KeysApi.CrossSigningKey(userId, "user_signing", UserSigning, Master),
        };
    }
}
