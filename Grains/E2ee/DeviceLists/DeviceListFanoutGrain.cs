using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.DeviceLists;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.E2ee.DeviceLists;

/// <summary>
/// Fans one user's device-list news out to the device-list logs of local users (see
/// <see cref="IDeviceListFanoutGrain"/>; DIGEST §12.5). Who shares a room is read from the rooms themselves (their
/// joined members are current once the event is applied), with the user's membership index only as the list of
/// rooms to look at. Not reentrant: the joins and leaves of one user are processed in the order the rooms sent them.
/// Only ever calls grains that never call back into it (rooms' read-only member lists, membership indexes, logs), so
/// it cannot deadlock; rooms call it one-way and never wait.
/// </summary>
[GrainType("device-list-fanout")]
public sealed partial class DeviceListFanoutGrain : Grain, IDeviceListFanoutGrain
{
    private const int Parallelism = 64;

    private readonly ServerName _localServer;
    private readonly ILogger<DeviceListFanoutGrain> _logger;

    public DeviceListFanoutGrain(IOptions<ClawChatOptions> options, ILogger<DeviceListFanoutGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _localServer = ServerName.Parse(options.Value.ServerName);
        _logger = logger;
    }

    private string UserId => GetPrimaryKeyString();

    public async Task PublishChangeAsync()
    {
        var receivers = new HashSet<string>(StringComparer.Ordinal);
        if (IsLocal(UserId))
        {
            receivers.Add(UserId);
        }

        foreach (var members in await JoinedRoomMembersAsync(exceptRoomId: null))
        {
            receivers.UnionWith(members.Where(IsLocal));
        }

        // Every receiver must have recorded it before the caller's request completes (a failure propagates).
        await RecordEachAsync(receivers.ToList(), [new DeviceListUpdate(UserId, Left: false)]);
    }

    public async Task OnJoinedAsync(string roomId, IReadOnlyList<string> joinedMembers)
    {
        ArgumentNullException.ThrowIfNull(joinedMembers);
        var others = joinedMembers.Where(m => !string.Equals(m, UserId, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            await RecordEachAsync(others.Where(IsLocal).ToList(), [new DeviceListUpdate(UserId, Left: false)]);
            if (IsLocal(UserId) && others.Count > 0)
            {
                await Log(UserId).RecordAsync([.. others.Select(m => new DeviceListUpdate(m, Left: false))]);
            }
        }
        catch (Exception ex)
        {
            LogMessages.MembershipFanoutFailed(_logger, UserId, roomId, ex);
        }
    }

    public async Task OnLeftAsync(string roomId, IReadOnlyList<string> remainingMembers)
    {
        ArgumentNullException.ThrowIfNull(remainingMembers);
        try
        {
            var stillShared = new HashSet<string>(StringComparer.Ordinal);
            foreach (var members in await JoinedRoomMembersAsync(exceptRoomId: roomId))
            {
                stillShared.UnionWith(members);
            }

            var gone = remainingMembers
                .Where(m => !string.Equals(m, UserId, StringComparison.Ordinal) && !stillShared.Contains(m))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            await RecordEachAsync(gone.Where(IsLocal).ToList(), [new DeviceListUpdate(UserId, Left: true)]);
            if (IsLocal(UserId) && gone.Count > 0)
            {
                await Log(UserId).RecordAsync([.. gone.Select(m => new DeviceListUpdate(m, Left: true))]);
            }
        }
        catch (Exception ex)
        {
            LogMessages.MembershipFanoutFailed(_logger, UserId, roomId, ex);
        }
    }

    /// <summary>The joined members of every room the user is still joined to — checked against the room itself, as
    /// the membership index may not have caught up with a leave yet.</summary>
    private async Task<List<IReadOnlyList<string>>> JoinedRoomMembersAsync(string? exceptRoomId)
    {
        var rooms = (await GrainFactory.GetGrain<IUserRoomsGrain>(UserId).GetJoinedRoomsAsync())
            .Where(r => !string.Equals(r, exceptRoomId, StringComparison.Ordinal))
            .ToList();
        var result = new List<IReadOnlyList<string>>(rooms.Count);
        for (var i = 0; i < rooms.Count; i += Parallelism)
        {
            var batch = rooms.GetRange(i, Math.Min(Parallelism, rooms.Count - i));
            var members = await Task.WhenAll(batch.Select(r => GrainFactory.GetGrain<IRoomSyncReader>(r).GetJoinedMemberIdsAsync()));
            result.AddRange(members.Where(m => m.Contains(UserId, StringComparer.Ordinal)));
        }

        return result;
    }

    private async Task RecordEachAsync(List<string> receivers, IReadOnlyList<DeviceListUpdate> updates)
    {
        for (var i = 0; i < receivers.Count; i += Parallelism)
        {
            var batch = receivers.GetRange(i, Math.Min(Parallelism, receivers.Count - i));
            await Task.WhenAll(batch.Select(r => Log(r).RecordAsync(updates)));
        }
    }

    private IDeviceListLogGrain Log(string userId) => GrainFactory.GetGrain<IDeviceListLogGrain>(userId);

    private bool IsLocal(string userId) => Matrix.Identifiers.UserId.TryParse(userId, out var parsed) && parsed.Server == _localServer;

    private static partial class LogMessages
    {
        [LoggerMessage(3745, LogLevel.Warning, "Device-list fan-out of {UserId} for a membership change in {RoomId} failed; members may miss the change until the next one")]
        public static partial void MembershipFanoutFailed(ILogger logger, string userId, string roomId, Exception exception);
    }
}
