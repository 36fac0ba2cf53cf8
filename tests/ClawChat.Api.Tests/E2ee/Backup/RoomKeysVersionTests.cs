using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Api.Tests.Sync;
using ClawChat.Testing;
using static ClawChat.Api.Tests.E2ee.Backup.BackupApi;

namespace ClawChat.Api.Tests.E2ee.Backup;

/// <summary>Backup versions over HTTP (DIGEST §12.7, spec key_backup.yaml <c>/room_keys/version</c>).</summary>
public sealed class RoomKeysVersionTests(SyncSiloFixture fixture) : IClassFixture<SyncSiloFixture>
{
    [Fact]
    public async Task GetVersion_IsNotFound_WhenNoBackupExists()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.GetAsync(VersionPath)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync(VersionPath + "/1")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync(All("1"))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task CreateVersion_ReturnsIncreasingVersions_AndGetShowsTheNewestWithCountAndEtag()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var created = (await alice.PostAsync(VersionPath, NewVersionBody("pk1"))).AssertOk();
        var second = await alice.CreateVersionAsync("pk2");
        var current = (await alice.GetAsync(VersionPath)).AssertOk();
        var first = (await alice.GetAsync(VersionPath + "/1")).AssertOk();

        AssertJsonEqual(new JsonObject { ["version"] = "1" }, created.Body);
        Assert.Equal("2", second);
        Assert.Equal(["algorithm", "auth_data", "count", "etag", "version"], current.Body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Algorithm, current.GetString("algorithm"));
        AssertJsonEqual(AuthData("pk2"), current["auth_data"]);
        Assert.Equal(0, current["count"].GetInt64());
        Assert.NotNull(current.GetString("etag"));
        Assert.Equal("2", current.GetString("version"));
        Assert.Equal("1", first.GetString("version"));
        AssertJsonEqual(AuthData("pk1"), first["auth_data"]);
    }

    [Fact]
    public async Task Backups_ArePerUser()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var version = await alice.CreateVersionAsync();

        (await bob.GetAsync(VersionPath)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await bob.GetAsync(VersionPath + "/" + version)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await bob.DeleteAsync(VersionPath + "/" + version)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync(VersionPath)).AssertOk();
    }

    [Fact]
    public async Task Endpoints_NeedAnAccessToken_AndServeLegacyR0Paths()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        await alice.CreateVersionAsync();

        (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync(VersionPath)).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
        var legacy = (await alice.GetAsync("/_matrix/client/r0/room_keys/version")).AssertOk();
        Assert.Equal("1", legacy.GetString("version"));
    }

    [Theory]
    [InlineData("{\"auth_data\":{}}", "M_MISSING_PARAM")]
    [InlineData("{\"algorithm\":7,\"auth_data\":{}}", "M_BAD_JSON")]
    [InlineData("{\"algorithm\":\"\",\"auth_data\":{}}", "M_INVALID_PARAM")]
    [InlineData("{\"algorithm\":\"m.megolm_backup.v1.curve25519-aes-sha2\"}", "M_MISSING_PARAM")]
    [InlineData("{\"algorithm\":\"m.megolm_backup.v1.curve25519-aes-sha2\",\"auth_data\":\"pk\"}", "M_BAD_JSON")]
    [InlineData("[]", "M_BAD_JSON")]
    [InlineData("{not json", "M_NOT_JSON")]
    public async Task CreateVersion_RejectsMalformedBodies(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync(VersionPath, body)).AssertError(HttpStatusCode.BadRequest, errcode);
        (await alice.GetAsync(VersionPath)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task CreateVersion_RejectsOversizedAuthData()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var body = new JsonObject { ["algorithm"] = Algorithm, ["auth_data"] = new JsonObject { ["public_key"] = new string('k', 70_000) } };

        (await alice.PostAsync(VersionPath, body)).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task UpdateVersion_ReplacesAuthData()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var version = await alice.CreateVersionAsync("pk1");

        var updated = (await alice.PutAsync(VersionPath + "/" + version, new JsonObject { ["algorithm"] = Algorithm, ["auth_data"] = AuthData("pk1b"), ["version"] = version })).AssertOk();
        var withoutVersion = (await alice.PutAsync(VersionPath + "/" + version, NewVersionBody("pk1c"))).AssertOk();

        AssertJsonEqual(new JsonObject(), updated.Body);
        AssertJsonEqual(new JsonObject(), withoutVersion.Body);
        var info = (await alice.GetAsync(VersionPath)).AssertOk();
        AssertJsonEqual(AuthData("pk1c"), info["auth_data"]);
        Assert.Equal(version, info.GetString("version"));
    }

    [Fact]
    public async Task UpdateVersion_RejectsOtherAlgorithms_MismatchedVersions_AndUnknownVersions()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var version = await alice.CreateVersionAsync("pk1");

        (await alice.PutAsync(VersionPath + "/" + version, new JsonObject { ["algorithm"] = "org.example.other", ["auth_data"] = AuthData("x") }))
            .AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await alice.PutAsync(VersionPath + "/" + version, new JsonObject { ["algorithm"] = Algorithm, ["auth_data"] = AuthData("x"), ["version"] = "99" }))
            .AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await alice.PutAsync(VersionPath + "/99", NewVersionBody("x"))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.PutAsync(VersionPath + "/" + version, new JsonObject { ["algorithm"] = Algorithm })).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
        (await alice.PutAsync(VersionPath + "/" + version, new JsonObject { ["auth_data"] = AuthData("x") })).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
        AssertJsonEqual(AuthData("pk1"), (await alice.GetAsync(VersionPath)).AssertOk()["auth_data"]);
    }

    [Fact]
    public async Task DeleteVersion_DeletesItAndItsKeys_RepeatsSucceed_NeverCreatedIsNotFound()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var version = await alice.CreateVersionAsync();
        var roomId = NewRoomId();
        (await alice.PutAsync(Session(roomId, "s1", version), KeyData())).AssertOk();

        var deleted = (await alice.DeleteAsync(VersionPath + "/" + version)).AssertOk();
        var again = (await alice.DeleteAsync(VersionPath + "/" + version)).AssertOk();

        AssertJsonEqual(new JsonObject(), deleted.Body);
        AssertJsonEqual(new JsonObject(), again.Body);
        (await alice.DeleteAsync(VersionPath + "/99")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.DeleteAsync(VersionPath + "/abc")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync(VersionPath)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync(VersionPath + "/" + version)).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync(All(version))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.PutAsync(Session(roomId, "s1", version), KeyData())).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        var next = await alice.CreateVersionAsync();
        Assert.Equal("2", next);
        Assert.Equal(0, (await alice.GetAsync(VersionPath)).AssertOk()["count"].GetInt64());
    }

    [Fact]
    public async Task DeletingTheCurrentVersion_MakesTheNewestRemainingOneCurrent()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var first = await alice.CreateVersionAsync("pk1");
        var second = await alice.CreateVersionAsync("pk2");

        (await alice.DeleteAsync(VersionPath + "/" + second)).AssertOk();

        Assert.Equal(first, (await alice.GetAsync(VersionPath)).AssertOk().GetString("version"));
        (await alice.PutAsync(Session(NewRoomId(), "s", first), KeyData())).Update();
    }
}
