using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Api.Tests.Sync;
using ClawChat.Testing;
using static ClawChat.Api.Tests.E2ee.Backup.BackupApi;

namespace ClawChat.Api.Tests.E2ee.Backup;

/// <summary>Backed-up keys over HTTP (DIGEST §12.7, spec key_backup.yaml <c>/room_keys/keys…</c>).</summary>
public sealed class RoomKeysKeysTests(SyncSiloFixture fixture) : IClassFixture<SyncSiloFixture>
{
    [Fact]
    public async Task PutAndGet_AllThreeShapes_RoundTripTheKeysVerbatim()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var version = await alice.CreateVersionAsync();
        var (room1, room2) = (NewRoomId(), NewRoomId());
        const string slashed = "ab/cd+ef";

        var all = (await alice.PutAsync(All(version), new JsonObject { ["rooms"] = new JsonObject { [room1] = Sessions(("s1", KeyData(1, 0, true, "one"))) } })).Update();
        var room = (await alice.PutAsync(Room(room2, version), Sessions(("s2", KeyData(2, 1, false, "two"))))).Update();
        var session = (await alice.PutAsync(Session(room2, slashed, version), KeyData(3, 0, false, "three"))).Update();

        Assert.Equal([1L, 2L, 3L], new[] { all.Count, room.Count, session.Count });
        Assert.Equal(3, new[] { all.Etag, room.Etag, session.Etag }.Distinct().Count());
        var expectedRoom2 = Sessions(("s2", KeyData(2, 1, false, "two")), (slashed, KeyData(3, 0, false, "three")));
        AssertJsonEqual(
            new JsonObject { ["rooms"] = new JsonObject { [room1] = Sessions(("s1", KeyData(1, 0, true, "one"))), [room2] = expectedRoom2.DeepClone() } },
            (await alice.GetAsync(All(version))).AssertOk().Body);
        AssertJsonEqual(expectedRoom2, (await alice.GetAsync(Room(room2, version))).AssertOk().Body);
        AssertJsonEqual(KeyData(3, 0, false, "three"), (await alice.GetAsync(Session(room2, slashed, version))).AssertOk().Body);
        var info = (await alice.GetAsync(VersionPath)).AssertOk();
        Assert.Equal(3, info["count"].GetInt64());
        Assert.Equal(session.Etag, info.GetString("etag"));
    }

    [Fact]
    public async Task Get_OfAnEmptyBackup_MissingRoom_AndMissingSession()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var version = await alice.CreateVersionAsync();
        var roomId = NewRoomId();

        AssertJsonEqual(new JsonObject { ["rooms"] = new JsonObject() }, (await alice.GetAsync(All(version))).AssertOk().Body);
        AssertJsonEqual(new JsonObject { ["sessions"] = new JsonObject() }, (await alice.GetAsync(Room(roomId, version))).AssertOk().Body);
        (await alice.GetAsync(Session(roomId, "nope", version))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.PutAsync(Session(roomId, "s1", version), KeyData())).Update();
        (await alice.GetAsync(Session(roomId, "nope", version))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync(Session(roomId, "s1", "99"))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync(Room(roomId, "99"))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task Put_ToANonCurrentVersion_IsWrongRoomKeysVersion_WithTheCurrentVersion()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = NewRoomId();
        (await alice.PutAsync(Session(roomId, "s", "1"), KeyData())).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        var old = await alice.CreateVersionAsync();
        var current = await alice.CreateVersionAsync();

        var wrong = (await alice.PutAsync(Session(roomId, "s", old), KeyData())).AssertError(HttpStatusCode.Forbidden, "M_WRONG_ROOM_KEYS_VERSION");
        var wrongRoom = (await alice.PutAsync(Room(roomId, old), Sessions(("s", KeyData())))).AssertError(HttpStatusCode.Forbidden, "M_WRONG_ROOM_KEYS_VERSION");
        var wrongAll = (await alice.PutAsync(All(old), new JsonObject { ["rooms"] = new JsonObject() })).AssertError(HttpStatusCode.Forbidden, "M_WRONG_ROOM_KEYS_VERSION");

        Assert.All(new[] { wrong, wrongRoom, wrongAll }, r => Assert.Equal(current, r.GetString("current_version")));
        AssertJsonEqual(new JsonObject { ["rooms"] = new JsonObject() }, (await alice.GetAsync(All(old))).AssertOk().Body);
    }

    [Fact]
    public async Task Put_KeepsTheBetterKey_AndTheEtagMovesOnlyOnChange()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var version = await alice.CreateVersionAsync();
        var roomId = NewRoomId();

        var first = (await alice.PutAsync(Session(roomId, "s", version), KeyData(5, 0, false, "first"))).Update();
        var worse = (await alice.PutAsync(Session(roomId, "s", version), KeyData(6, 0, false, "worse"))).Update();
        var verified = (await alice.PutAsync(Session(roomId, "s", version), KeyData(9, 2, true, "verified"))).Update();
        var unverifiedLower = (await alice.PutAsync(Session(roomId, "s", version), KeyData(0, 0, false, "unverified"))).Update();
        var fewerForwards = (await alice.PutAsync(Session(roomId, "s", version), KeyData(9, 1, true, "fewer"))).Update();

        Assert.Equal(first, worse);
        Assert.NotEqual(first.Etag, verified.Etag);
        Assert.Equal(verified, unverifiedLower);
        Assert.NotEqual(verified.Etag, fewerForwards.Etag);
        Assert.Equal(1, fewerForwards.Count);
        AssertJsonEqual(KeyData(9, 1, true, "fewer"), (await alice.GetAsync(Session(roomId, "s", version))).AssertOk().Body);
    }

    [Fact]
    public async Task Delete_AllThreeShapes_ReturnEtagAndCount()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var old = await alice.CreateVersionAsync();
        var (room1, room2) = (NewRoomId(), NewRoomId());
        (await alice.PutAsync(All(old), new JsonObject
        {
            ["rooms"] = new JsonObject
            {
                [room1] = Sessions(("a", KeyData()), ("b", KeyData())),
                [room2] = Sessions(("c", KeyData()), ("d", KeyData())),
            },
        })).Update();
        await alice.CreateVersionAsync();

        var session = (await alice.DeleteAsync(Session(room1, "a", old))).Update();
        var missing = (await alice.DeleteAsync(Session(room1, "zzz", old))).Update();
        var room = (await alice.DeleteAsync(Room(room2, old))).Update();
        var all = (await alice.DeleteAsync(All(old))).Update();

        Assert.Equal(3, session.Count);
        Assert.Equal(session, missing);
        Assert.Equal(1, room.Count);
        Assert.NotEqual(session.Etag, room.Etag);
        Assert.Equal(0, all.Count);
        Assert.NotEqual(room.Etag, all.Etag);
        AssertJsonEqual(new JsonObject { ["rooms"] = new JsonObject() }, (await alice.GetAsync(All(old))).AssertOk().Body);
        (await alice.DeleteAsync(All("99"))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task KeysEndpoints_RequireTheVersionQueryParameter()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        await alice.CreateVersionAsync();

        (await alice.GetAsync(KeysPath)).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
        (await alice.PutAsync(KeysPath, new JsonObject { ["rooms"] = new JsonObject() })).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
        (await alice.DeleteAsync(KeysPath)).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
    }

    [Theory]
    [InlineData("{}", "M_MISSING_PARAM")]
    [InlineData("{\"rooms\":[]}", "M_BAD_JSON")]
    [InlineData("{\"rooms\":{\"not-a-room\":{\"sessions\":{}}}}", "M_INVALID_PARAM")]
    [InlineData("{\"rooms\":{\"!r:localhost\":[]}}", "M_BAD_JSON")]
    [InlineData("{\"rooms\":{\"!r:localhost\":{}}}", "M_MISSING_PARAM")]
    [InlineData("{\"rooms\":{\"!r:localhost\":{\"sessions\":{\"s\":{\"forwarded_count\":0,\"is_verified\":false,\"session_data\":{}}}}}}", "M_MISSING_PARAM")]
    [InlineData("{\"rooms\":{\"!r:localhost\":{\"sessions\":{\"s\":{\"first_message_index\":\"0\",\"forwarded_count\":0,\"is_verified\":false,\"session_data\":{}}}}}}", "M_BAD_JSON")]
    [InlineData("{\"rooms\":{\"!r:localhost\":{\"sessions\":{\"s\":{\"first_message_index\":-1,\"forwarded_count\":0,\"is_verified\":false,\"session_data\":{}}}}}}", "M_INVALID_PARAM")]
    [InlineData("{\"rooms\":{\"!r:localhost\":{\"sessions\":{\"s\":{\"first_message_index\":0,\"forwarded_count\":0.5,\"is_verified\":false,\"session_data\":{}}}}}}", "M_BAD_JSON")]
    [InlineData("{\"rooms\":{\"!r:localhost\":{\"sessions\":{\"s\":{\"first_message_index\":0,\"forwarded_count\":0,\"is_verified\":\"no\",\"session_data\":{}}}}}}", "M_BAD_JSON")]
    [InlineData("{\"rooms\":{\"!r:localhost\":{\"sessions\":{\"s\":{\"first_message_index\":0,\"forwarded_count\":0,\"is_verified\":false}}}}}", "M_MISSING_PARAM")]
    [InlineData("{\"rooms\":{\"!r:localhost\":{\"sessions\":{\"s\":{\"first_message_index\":0,\"forwarded_count\":0,\"is_verified\":false,\"session_data\":\"x\"}}}}}", "M_BAD_JSON")]
    [InlineData("{\"rooms\":{\"!r:localhost\":{\"sessions\":{\"s\":7}}}}", "M_BAD_JSON")]
    [InlineData("{\"rooms\":{\"!r:localhost\":{\"sessions\":{\"\":{\"first_message_index\":0,\"forwarded_count\":0,\"is_verified\":false,\"session_data\":{}}}}}}", "M_INVALID_PARAM")]
    public async Task PutAll_RejectsMalformedBodies_AndStoresNothing(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var version = await alice.CreateVersionAsync();

        (await alice.PutAsync(All(version), body)).AssertError(HttpStatusCode.BadRequest, errcode);
        Assert.Equal(0, (await alice.GetAsync(VersionPath)).AssertOk()["count"].GetInt64());
    }

    [Fact]
    public async Task PutRoomAndSession_RejectMalformedBodiesAndIds()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var version = await alice.CreateVersionAsync();
        var roomId = NewRoomId();

        (await alice.PutAsync(Room(roomId, version), new JsonObject())).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
        (await alice.PutAsync(Room(roomId, version), new JsonObject { ["sessions"] = "x" })).AssertError(HttpStatusCode.BadRequest, "M_BAD_JSON");
        (await alice.PutAsync(Session(roomId, "s", version), new JsonObject())).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
        (await alice.PutAsync(Session("not-a-room", "s", version), KeyData())).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await alice.PutAsync(Session(roomId, new string('s', 256), version), KeyData())).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        var hugeData = KeyData();
        hugeData["session_data"] = new JsonObject { ["ciphertext"] = new string('c', 17_000) };
        (await alice.PutAsync(Session(roomId, "s", version), hugeData)).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        Assert.Equal(0, (await alice.GetAsync(VersionPath)).AssertOk()["count"].GetInt64());
    }

    [Fact]
    public async Task Put_OfMoreSessionsThanOneRequestMayCarry_IsRefused()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var version = await alice.CreateVersionAsync();
        var sessions = new JsonObject();
        for (var i = 0; i <= 10_000; i++)
        {
            sessions["s" + i] = KeyData();
        }

        var refused = (await alice.PutAsync(Room(NewRoomId(), version), new JsonObject { ["sessions"] = sessions }))
            .AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");

        Assert.Contains("10000", refused.GetString("error"), StringComparison.Ordinal);
        Assert.Equal(0, (await alice.GetAsync(VersionPath)).AssertOk()["count"].GetInt64());
    }
}
