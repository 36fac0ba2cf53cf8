using System.Text.Json;
using ClawChat.Grains.Interfaces.E2ee.Backup;
using ClawChat.Grains.Tests.Rooms;

namespace ClawChat.Grains.Tests.E2ee.Backup;

/// <summary>Key backup grains (DIGEST §12.7): version lifecycle, current-version writes, the replacement rule, etag
/// and count, quotas and persistence.</summary>
public sealed class KeyBackupGrainTests : IAsyncLifetime
{
    private const string Algorithm = "m.megolm_backup.v1.curve25519-aes-sha2";
    private readonly RoomsTestSilo _silo = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task CreateVersion_IssuesIncreasingVersions_AndTheNewestIsCurrent()
    {
        var backup = NewBackup();

        Assert.Null(await backup.GetVersionAsync(null));
        var first = await backup.CreateVersionAsync(Algorithm, AuthData("k1"));
        var second = await backup.CreateVersionAsync(Algorithm, AuthData("k2"));

        Assert.Equal(new KeyBackupCreateResult(KeyBackupStatus.Ok, "1"), first);
        Assert.Equal(new KeyBackupCreateResult(KeyBackupStatus.Ok, "2"), second);
        var current = await backup.GetVersionAsync(null);
        Assert.NotNull(current);
        Assert.Equal("2", current.Version);
        Assert.Equal(Algorithm, current.Algorithm);
        Assert.Equal("k2", current.AuthData.GetProperty("public_key").GetString());
        Assert.Equal(0, current.Count);
        Assert.Equal("k1", (await backup.GetVersionAsync("1"))!.AuthData.GetProperty("public_key").GetString());
    }

    [Fact]
    public async Task DeleteVersion_FallsBackToTheNewestLiveVersion_IsIdempotent_AndNeverReusesNumbers()
    {
        var backup = NewBackup();
        await backup.CreateVersionAsync(Algorithm, AuthData("k1"));
        await backup.CreateVersionAsync(Algorithm, AuthData("k2"));

        Assert.Equal(KeyBackupStatus.Ok, await backup.DeleteVersionAsync("2"));
        Assert.Equal(KeyBackupStatus.Ok, await backup.DeleteVersionAsync("2"));
        Assert.Equal(KeyBackupStatus.UnknownVersion, await backup.DeleteVersionAsync("3"));
        Assert.Equal(KeyBackupStatus.UnknownVersion, await backup.DeleteVersionAsync("abc"));
        Assert.Null(await backup.GetVersionAsync("2"));
        Assert.Equal("1", (await backup.GetVersionAsync(null))!.Version);
        Assert.Equal("3", (await backup.CreateVersionAsync(Algorithm, AuthData("k3"))).Version);
    }

    [Fact]
    public async Task DeleteVersion_RemovesItsKeys_FromStorage()
    {
        var userId = RoomsTestSilo.NewUserId();
        var roomId = RoomsTestSilo.NewRoomId();
        var backup = _silo.Factory.GetGrain<IKeyBackupGrain>(userId);
        await backup.CreateVersionAsync(Algorithm, AuthData("k1"));
        await backup.PutKeysAsync("1", Keys(roomId, ("s1", Key(0, 0, false))));

        await backup.DeleteVersionAsync("1");
        await _silo.RestartAsync();

        var room = _silo.Factory.GetGrain<IKeyBackupRoomGrain>(KeyBackupIds.RoomKey(userId, 1, roomId));
        Assert.Empty(await room.GetAsync(null));
        Assert.Equal(0, (await _silo.Factory.GetGrain<IKeyBackupVersionGrain>(KeyBackupIds.VersionKey(userId, 1)).GetCountsAsync()).Count);
        backup = _silo.Factory.GetGrain<IKeyBackupGrain>(userId);
        Assert.Equal(KeyBackupStatus.UnknownVersion, (await backup.GetKeysAsync("1", null, null)).Status);
    }

    [Fact]
    public async Task UpdateVersion_ChangesOnlyAuthData_AndChecksTheAlgorithm()
    {
        var backup = NewBackup();
        await backup.CreateVersionAsync(Algorithm, AuthData("k1"));

        Assert.Equal(KeyBackupStatus.AlgorithmMismatch, await backup.UpdateVersionAsync("1", "org.example.other", AuthData("x")));
        Assert.Equal(KeyBackupStatus.UnknownVersion, await backup.UpdateVersionAsync("2", Algorithm, AuthData("x")));
        Assert.Equal(KeyBackupStatus.Ok, await backup.UpdateVersionAsync("1", Algorithm, AuthData("k1b")));

        var info = await backup.GetVersionAsync("1");
        Assert.Equal("k1b", info!.AuthData.GetProperty("public_key").GetString());
        Assert.Equal(Algorithm, info.Algorithm);
    }

    [Fact]
    public async Task PutKeys_ToAnOldVersion_IsWrongVersion_WithTheCurrentOne_AndWithoutBackupIsUnknown()
    {
        var backup = NewBackup();
        var keys = Keys(RoomsTestSilo.NewRoomId(), ("s1", Key(0, 0, false)));

        Assert.Equal(KeyBackupStatus.UnknownVersion, (await backup.PutKeysAsync("1", keys)).Status);
        await backup.CreateVersionAsync(Algorithm, AuthData("k1"));
        await backup.CreateVersionAsync(Algorithm, AuthData("k2"));

        var old = await backup.PutKeysAsync("1", keys);
        Assert.Equal(KeyBackupStatus.WrongVersion, old.Status);
        Assert.Equal("2", old.CurrentVersion);
        Assert.Equal(KeyBackupStatus.WrongVersion, (await backup.PutKeysAsync("7", keys)).Status);
        Assert.Equal(KeyBackupStatus.Ok, (await backup.PutKeysAsync("2", keys)).Status);
        Assert.Equal(0, (await backup.GetVersionAsync("1"))!.Count);
    }

    [Fact]
    public async Task PutKeys_KeepsTheBetterKey_AndMovesTheEtagOnlyWhenAKeyChanges()
    {
        var backup = NewBackup();
        var roomId = RoomsTestSilo.NewRoomId();
        await backup.CreateVersionAsync(Algorithm, AuthData("k1"));

        var first = await backup.PutKeysAsync("1", Keys(roomId, ("s", Key(5, 0, false, "a"))));
        var verified = await backup.PutKeysAsync("1", Keys(roomId, ("s", Key(10, 0, true, "b"))));
        var unverifiedLower = await backup.PutKeysAsync("1", Keys(roomId, ("s", Key(0, 0, false, "c"))));
        var lowerIndex = await backup.PutKeysAsync("1", Keys(roomId, ("s", Key(3, 2, true, "d"))));
        var moreForwards = await backup.PutKeysAsync("1", Keys(roomId, ("s", Key(3, 3, true, "e"))));
        var fewerForwards = await backup.PutKeysAsync("1", Keys(roomId, ("s", Key(3, 1, true, "f"))));

        Assert.All(new[] { first, verified, unverifiedLower, lowerIndex, moreForwards, fewerForwards }, r => Assert.Equal(1, r.Count));
        Assert.NotEqual(first.Etag, verified.Etag);
        Assert.Equal(verified.Etag, unverifiedLower.Etag);
        Assert.NotEqual(verified.Etag, lowerIndex.Etag);
        Assert.Equal(lowerIndex.Etag, moreForwards.Etag);
        Assert.NotEqual(moreForwards.Etag, fewerForwards.Etag);
        var stored = (await backup.GetKeysAsync("1", roomId, "s")).Rooms[roomId]["s"];
        Assert.Equal(Key(3, 1, true, "f"), stored);
    }

    [Fact]
    public async Task CountAndEtag_FollowWritesAndDeletes_AcrossRooms()
    {
        var backup = NewBackup();
        var (room1, room2) = (RoomsTestSilo.NewRoomId(), RoomsTestSilo.NewRoomId());
        await backup.CreateVersionAsync(Algorithm, AuthData("k1"));
        var empty = await backup.GetVersionAsync("1");

        var written = await backup.PutKeysAsync("1", new Dictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>>
        {
            [room1] = new Dictionary<string, BackedUpRoomKey> { ["a"] = Key(0, 0, false), ["b"] = Key(0, 0, false) },
            [room2] = new Dictionary<string, BackedUpRoomKey> { ["c"] = Key(0, 0, false) },
        });
        var again = await backup.PutKeysAsync("1", Keys(room2, ("c", Key(0, 0, false))));
        var oneSession = await backup.DeleteKeysAsync("1", room1, "a");
        var missing = await backup.DeleteKeysAsync("1", room1, "zzz");
        var oneRoom = await backup.DeleteKeysAsync("1", room2, null);
        var all = await backup.DeleteKeysAsync("1", null, null);
        var allAgain = await backup.DeleteKeysAsync("1", null, null);

        Assert.Equal((0L, "0"), (empty!.Count, empty.Etag));
        Assert.Equal(3, written.Count);
        Assert.Equal(written, again);
        Assert.Equal(2, oneSession.Count);
        Assert.NotEqual(written.Etag, oneSession.Etag);
        Assert.Equal(oneSession, missing);
        Assert.Equal(1, oneRoom.Count);
        Assert.NotEqual(oneSession.Etag, oneRoom.Etag);
        Assert.Equal(0, all.Count);
        Assert.NotEqual(oneRoom.Etag, all.Etag);
        Assert.Equal(all, allAgain);
        var info = await backup.GetVersionAsync("1");
        Assert.Equal((all.Count, all.Etag), (info!.Count, info.Etag));
    }

    [Fact]
    public async Task GetKeys_ReadsAllOneRoomOrOneSession_AndOldVersionsStayReadable()
    {
        var backup = NewBackup();
        var (room1, room2) = (RoomsTestSilo.NewRoomId(), RoomsTestSilo.NewRoomId());
        await backup.CreateVersionAsync(Algorithm, AuthData("k1"));
        await backup.PutKeysAsync("1", Keys(room1, ("a", Key(1, 0, false, "x"))));
        await backup.PutKeysAsync("1", Keys(room2, ("b", Key(2, 0, true, "y"))));
        await backup.CreateVersionAsync(Algorithm, AuthData("k2"));

        var all = await backup.GetKeysAsync("1", null, null);
        var room = await backup.GetKeysAsync("1", room2, null);
        var otherRoom = await backup.GetKeysAsync("1", RoomsTestSilo.NewRoomId(), null);
        var session = await backup.GetKeysAsync("1", room1, "a");

        Assert.Equal(KeyBackupStatus.Ok, all.Status);
        Assert.Equal(new[] { room1, room2 }.Order(StringComparer.Ordinal), all.Rooms.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Key(2, 0, true, "y"), Assert.Single(room.Rooms[room2]).Value);
        Assert.Empty(Assert.Single(otherRoom.Rooms).Value);
        Assert.Equal(Key(1, 0, false, "x"), session.Rooms[room1]["a"]);
        Assert.Equal(KeyBackupStatus.KeyNotFound, (await backup.GetKeysAsync("1", room1, "b")).Status);
        Assert.Equal(KeyBackupStatus.KeyNotFound, (await backup.GetKeysAsync("1", RoomsTestSilo.NewRoomId(), "a")).Status);
        Assert.Empty((await backup.GetKeysAsync("2", null, null)).Rooms);
        Assert.Equal(KeyBackupStatus.UnknownVersion, (await backup.GetKeysAsync("3", null, null)).Status);
    }

    [Fact]
    public async Task Put_OverTheKeyQuota_StoresNothing_ButReplacingKnownSessionsStillWorks()
    {
        var roomId = RoomsTestSilo.NewRoomId();
        var version = _silo.Factory.GetGrain<IKeyBackupVersionGrain>(KeyBackupIds.VersionKey(RoomsTestSilo.NewUserId(), 1));
        await version.PutAsync(Keys(roomId, ("a", Key(5, 0, false)), ("b", Key(5, 0, false))), maxKeys: 3);

        var over = await version.PutAsync(Keys(roomId, ("c", Key(0, 0, false)), ("d", Key(0, 0, false))), maxKeys: 3);
        var replacing = await version.PutAsync(Keys(roomId, ("a", Key(0, 0, false)), ("b", Key(0, 0, false)), ("c", Key(0, 0, false))), maxKeys: 3);

        Assert.Equal(KeyBackupStatus.TooManyKeys, over.Status);
        Assert.Equal(KeyBackupStatus.Ok, replacing.Status);
        Assert.Equal(3, replacing.Count);
        Assert.Equal(0, (await version.GetAsync(roomId, "a")).Rooms[roomId]["a"].FirstMessageIndex);
        Assert.Equal(KeyBackupStatus.KeyNotFound, (await version.GetAsync(roomId, "d")).Status);
    }

    [Fact]
    public async Task Backup_SurvivesARestart()
    {
        var userId = RoomsTestSilo.NewUserId();
        var roomId = RoomsTestSilo.NewRoomId();
        var backup = _silo.Factory.GetGrain<IKeyBackupGrain>(userId);
        await backup.CreateVersionAsync(Algorithm, AuthData("k1"));
        await backup.DeleteVersionAsync("1");
        await backup.CreateVersionAsync(Algorithm, AuthData("k2"));
        var written = await backup.PutKeysAsync("2", Keys(roomId, ("s/+x", Key(4, 1, true, "z"))));

        await _silo.RestartAsync();
        backup = _silo.Factory.GetGrain<IKeyBackupGrain>(userId);

        var info = await backup.GetVersionAsync(null);
        Assert.Equal(("2", 1L, written.Etag), (info!.Version, info.Count, info.Etag));
        Assert.Equal(Key(4, 1, true, "z"), (await backup.GetKeysAsync("2", roomId, "s/+x")).Rooms[roomId]["s/+x"]);
        Assert.Equal(KeyBackupStatus.Ok, await backup.DeleteVersionAsync("1"));
        Assert.Equal("3", (await backup.CreateVersionAsync(Algorithm, AuthData("k3"))).Version);
    }

    [Fact]
    public async Task DeleteAll_RemovesEveryVersionAndKey()
    {
        var backup = NewBackup();
        var roomId = RoomsTestSilo.NewRoomId();
        await backup.CreateVersionAsync(Algorithm, AuthData("k1"));
        await backup.PutKeysAsync("1", Keys(roomId, ("a", Key(0, 0, false))));
        await backup.CreateVersionAsync(Algorithm, AuthData("k2"));

        await backup.DeleteAllAsync();

        Assert.Null(await backup.GetVersionAsync(null));
        Assert.Equal(KeyBackupStatus.UnknownVersion, (await backup.GetKeysAsync("1", null, null)).Status);
        Assert.Equal("3", (await backup.CreateVersionAsync(Algorithm, AuthData("k3"))).Version);
    }

    private IKeyBackupGrain NewBackup() => _silo.Factory.GetGrain<IKeyBackupGrain>(RoomsTestSilo.NewUserId());

    private static JsonElement AuthData(string publicKey) =>
        JsonSerializer.SerializeToElement(new { public_key = publicKey, signatures = new { } });

    private static BackedUpRoomKey Key(long firstMessageIndex, long forwardedCount, bool verified, string tag = "t") =>
        new(firstMessageIndex, forwardedCount, verified, $"{{\"ciphertext\":\"{tag}\",\"mac\":\"m\",\"ephemeral\":\"e\"}}");

    private static Dictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>> Keys(string roomId, params (string SessionId, BackedUpRoomKey Key)[] sessions) =>
        new() { [roomId] = sessions.ToDictionary(s => s.SessionId, s => s.Key) };
}
