using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.DeviceLists;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Grains.Tests.Rooms;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Tests.E2ee.DeviceLists;

/// <summary><c>device_lists</c> in <c>/sync</c> and <c>/keys/changes</c> (DIGEST §12.4–12.5) at grain level: key
/// changes, joins and leaves reach the logs of the users who share (or stop sharing) a room.</summary>
public sealed class DeviceListTests
{
    private static async Task<string> PublicRoomAsync(E2eeTestSilo silo, string creator)
    {
        var roomId = RoomsTestSilo.NewRoomId();
        await silo.Factory.GetGrain<IRoomGrain>(roomId).CreateAsync(RoomFixture.Create(creator, RoomPresets.PublicChat));
        return roomId;
    }

    private static Task JoinAsync(E2eeTestSilo silo, string roomId, string userId) =>
        silo.Factory.GetGrain<IRoomGrain>(roomId).UpdateMembershipAsync(new MembershipCommand(userId, userId, MembershipAction.Join));

    private static Task LeaveAsync(E2eeTestSilo silo, string roomId, string userId) =>
        silo.Factory.GetGrain<IRoomGrain>(roomId).UpdateMembershipAsync(new MembershipCommand(userId, userId, MembershipAction.Leave));

    /// <summary>Joins <paramref name="bob"/> to the room and waits until both logs have the join's fan-out (it is
    /// one-way); returns the tokens after it.</summary>
    private static async Task<(string AliceToken, string BobToken)> JoinAndSettleAsync(E2eeTestSilo silo, string roomId, string alice, string bob)
    {
        var aliceToken = (await silo.Factory.SyncDeviceAsync(alice, "A")).Token();
        var bobToken = (await silo.Factory.SyncDeviceAsync(bob, "B")).Token();
        await JoinAsync(silo, roomId, bob);
        var aliceSync = await silo.Factory.SyncUntilAsync(alice, "A", aliceToken, r => r.Changed().Contains(bob), "alice's device_lists.changed lists bob");
        var bobSync = await silo.Factory.SyncUntilAsync(bob, "B", bobToken, r => r.Changed().Contains(alice), "bob's device_lists.changed lists alice");
        return (aliceSync.Token(), bobSync.Token());
    }

    [Fact]
    public async Task PublishChange_ReachesEveryoneSharingARoom_AndTheUserThemself()
    {
        await using var silo = new E2eeTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var carol = RoomsTestSilo.NewUserId("carol");
        var roomId = await PublicRoomAsync(silo, alice);
        var (aliceToken, bobToken) = await JoinAndSettleAsync(silo, roomId, alice, bob);
        var carolToken = (await silo.Factory.SyncDeviceAsync(carol, "C")).Token();

        await silo.Factory.GetGrain<IDeviceListFanoutGrain>(alice).PublishChangeAsync();
        var bobSync = await silo.Factory.SyncDeviceAsync(bob, "B", bobToken);
        var aliceSync = await silo.Factory.SyncDeviceAsync(alice, "A", aliceToken);
        var carolSync = await silo.Factory.SyncDeviceAsync(carol, "C", carolToken);
        var bobAgain = await silo.Factory.SyncDeviceAsync(bob, "B", bobSync.Token());

        Assert.Equal([alice], bobSync.Changed());
        Assert.Contains(alice, aliceSync.Changed());
        Assert.Empty(carolSync.Changed());
        Assert.Empty(bobAgain.Changed());
    }

    [Fact]
    public async Task InitialSync_HasNoDeviceListChanges()
    {
        await using var silo = new E2eeTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        await silo.Factory.GetGrain<IDeviceListFanoutGrain>(alice).PublishChangeAsync();

        var initial = await silo.Factory.SyncDeviceAsync(alice, "A");

        Assert.Empty(initial.Changed());
        Assert.Empty(initial.Left());
    }

    [Fact]
    public async Task Join_MakesBothSidesReportEachOtherAsChanged()
    {
        await using var silo = new E2eeTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var roomId = await PublicRoomAsync(silo, alice);
        var aliceToken = (await silo.Factory.SyncDeviceAsync(alice, "A")).Token();
        var bobToken = (await silo.Factory.SyncDeviceAsync(bob, "B")).Token();

        await JoinAsync(silo, roomId, bob);

        await silo.Factory.SyncUntilAsync(alice, "A", aliceToken, r => r.Changed().Contains(bob), "alice's device_lists.changed lists bob");
        await silo.Factory.SyncUntilAsync(bob, "B", bobToken, r => r.Changed().Contains(alice), "bob's device_lists.changed lists alice");
    }

    [Fact]
    public async Task LeavingTheLastSharedRoom_ReportsLeftOnBothSides()
    {
        await using var silo = new E2eeTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var roomId = await PublicRoomAsync(silo, alice);
        var (aliceToken, bobToken) = await JoinAndSettleAsync(silo, roomId, alice, bob);

        await LeaveAsync(silo, roomId, bob);

        var aliceSync = await silo.Factory.SyncUntilAsync(alice, "A", aliceToken, r => r.Left().Contains(bob), "alice's device_lists.left lists bob");
        await silo.Factory.SyncUntilAsync(bob, "B", bobToken, r => r.Left().Contains(alice), "bob's device_lists.left lists alice");
        Assert.DoesNotContain(bob, aliceSync.Changed());
    }

    [Fact]
    public async Task LeavingOneOfTwoSharedRooms_ReportsNothingLeft()
    {
        await using var silo = new E2eeTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var first = await PublicRoomAsync(silo, alice);
        var second = await PublicRoomAsync(silo, alice);
        await JoinAsync(silo, first, bob);
        var (aliceToken, _) = await JoinAndSettleAsync(silo, second, alice, bob);

        await LeaveAsync(silo, first, bob);
        // A later change is the marker: once it arrives, the leave's fan-out (same fan-out grain, earlier) is done.
        await silo.Factory.GetGrain<IDeviceListFanoutGrain>(bob).PublishChangeAsync();
        var aliceSync = await silo.Factory.SyncUntilAsync(alice, "A", aliceToken, r => r.Changed().Contains(bob), "bob's later key change");

        Assert.Empty(aliceSync.Left());
    }

    [Fact]
    public async Task KeyChanges_ListsChangesBetweenTwoTokens()
    {
        await using var silo = new E2eeTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var roomId = await PublicRoomAsync(silo, alice);
        var (from, _) = await JoinAndSettleAsync(silo, roomId, alice, bob);

        await silo.Factory.GetGrain<IDeviceListFanoutGrain>(bob).PublishChangeAsync();
        var to = (await silo.Factory.SyncDeviceAsync(alice, "A", from)).Token();
        var changes = await silo.Factory.GetGrain<ISyncGrain>(alice).GetKeyChangesAsync(from, to);
        var none = await silo.Factory.GetGrain<ISyncGrain>(alice).GetKeyChangesAsync(to, null);

        Assert.Equal([bob], changes.Changed);
        Assert.Empty(changes.Left);
        Assert.Empty(none.Changed);
    }

    [Fact]
    public async Task KeyChanges_RejectsATokenThatDoesNotParse()
    {
        await using var silo = new E2eeTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");

        var error = await Assert.ThrowsAsync<MatrixException>(() => silo.Factory.GetGrain<ISyncGrain>(alice).GetKeyChangesAsync("nonsense", null));

        Assert.Equal(MatrixErrorCode.InvalidParam, error.ErrCode);
    }

    [Fact]
    public async Task LongPoll_WakesOnADeviceListChange()
    {
        await using var silo = new E2eeTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var token = (await silo.Factory.SyncDeviceAsync(alice, "A")).Token();

        var waiting = silo.Factory.SyncDeviceAsync(alice, "A", token, timeoutMs: 30_000);
        Assert.False(waiting.Wait(TimeSpan.FromMilliseconds(200)), "the long-poll returned before anything happened");
        await silo.Factory.GetGrain<IDeviceListLogGrain>(alice).RecordAsync([new DeviceListUpdate("@x:test.local", Left: false)]);
        var response = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["@x:test.local"], response.Changed());
    }

    [Fact]
    public async Task Log_SurvivesARestart()
    {
        await using var silo = new E2eeTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var token = (await silo.Factory.SyncDeviceAsync(alice, "A")).Token();
        await silo.Factory.GetGrain<IDeviceListLogGrain>(alice).RecordAsync([new DeviceListUpdate("@x:test.local", Left: false), new DeviceListUpdate("@y:test.local", Left: true)]);

        await silo.RestartAsync();
        var response = await silo.Factory.SyncDeviceAsync(alice, "A", token, timeoutMs: 10_000);

        Assert.Equal(["@x:test.local"], response.Changed());
        Assert.Equal(["@y:test.local"], response.Left());
    }
}
