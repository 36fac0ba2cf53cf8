using System.Text.Json;
using ClawChat.Grains.Ephemeral;
using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Sync;

/// <summary>Assembling a response: plan (one turn), read the rooms in parallel, then issue the token.</summary>
public sealed partial class SyncGrain
{
    /// <summary>Presence events per response at most (initial syncs of users in big rooms).</summary>
    private const int MaxPresenceUsers = 200;

    private async Task<string> BuildResponseAsync(SyncRequest request, ResolvedSince? since, SyncToken? sinceToken)
    {
        // Started first: independent of the rooms, and the to-device take acknowledges what the token proves received.
        var e2eeTask = ReadE2eeAsync(request.DeviceId, sinceToken);
        var filter = request.Filter;
        var roomFilter = filter.RoomFilter;
        var accountData = await GrainFactory.GetGrain<IAccountDataGrain>(_userId).GetChangesAsync(since?.AccountData ?? 0);
        _accountDataVersion = Math.Max(_accountDataVersion, accountData.Version);
        var ignored = new HashSet<string>(accountData.IgnoredUsers, StringComparer.Ordinal);

        var plan = Plan(request, since, accountData);
        var timelineFilter = SyncFilterMatching.ToRoomEventFilter(roomFilter.Timeline, ignored);
        var stateFilter = SyncFilterMatching.ToRoomEventFilter(roomFilter.State, null);
        var lazy = roomFilter.State?.LazyLoadMembers ?? false;
        var limit = roomFilter.Timeline?.Limit ?? DefaultTimelineLimit;
        var wantEphemeral = !(roomFilter.Ephemeral?.ExcludesEverything ?? false);

        var joinTasks = plan.Join.Select(work => ReadJoinedAsync(work, plan, request, since, accountData, timelineFilter, stateFilter, lazy, limit, wantEphemeral)).ToList();
        var leaveTasks = plan.Leave.Select(work => ReadLeftAsync(work, plan, request, since, accountData, timelineFilter, stateFilter, lazy, limit)).ToList();
        var strippedTasks = plan.Stripped.Select(work => ReadStrippedAsync(work, since, plan)).ToList();
        var joined = (await Task.WhenAll(joinTasks)).OfType<JoinedRoomPart>().ToList();
        var left = (await Task.WhenAll(leaveTasks)).OfType<LeftRoomPart>().ToList();
        var stripped = (await Task.WhenAll(strippedTasks)).OfType<StrippedRoomPart>()
            .Where(part => !IsFromIgnoredUser(part, ignored))
            .ToList();

        foreach (var part in joined)
        {
            if (part.Ephemeral is { } ephemeral)
            {
                var covered = plan.Covered[part.RoomId];
                plan.Covered[part.RoomId] = covered with { Ephemeral = Math.Max(covered.Ephemeral, ephemeral.Version) };
                if (_rooms.TryGetValue(part.RoomId, out var cursor) && ephemeral.Version > cursor.Ephemeral)
                {
                    // Other devices' tokens must see this room as moved too.
                    cursor.Ephemeral = ephemeral.Version;
                    MarkIfDirty(part.RoomId, cursor);
                }
            }
        }

        var unread = await UnreadCountsAsync(joined.Select(p => p.RoomId).ToList());
        var presence = request.PresenceEnabled && !(filter.Presence?.ExcludesEverything ?? false)
            ? await PresenceAsync(filter.Presence, PresenceUsers(since, joined))
            : [];
        var globalAccountData = SyncFilterMatching.Apply(filter.AccountData, accountData.Global, e => e.Type, _ => null);
        var e2ee = await e2eeTask;
        var token = await NextTokenAsync(since, plan.Covered, accountData.Version, e2ee.ToDevicePosition, e2ee.DeviceListPosition);
        return SyncResponseWriter.Write(new SyncResponseModel(
            token,
            joined,
            left,
            stripped,
            presence,
            globalAccountData,
            unread,
            roomFilter.Timeline?.UnreadThreadNotifications ?? false,
            roomFilter.Ephemeral,
            filter.EventFields is { } fields ? EventFieldsProjector.Compile(fields) : null)
        {
            ToDevice = e2ee.ToDevice,
            DeviceLists = e2ee.DeviceLists,
            KeyCounts = e2ee.KeyCounts,
        });
    }

    /// <summary>
    /// Decides, against the cursors as they are now, which rooms this response reads and how (DIGEST §6): joined
    /// rooms that moved (newly joined ones like an initial sync: full state, timeline including the join), rooms
    /// whose membership became invite/knock (stripped state), rooms left since the token (their timeline up to the
    /// leave), and — initial sync with <c>include_leave</c> — every left room.
    /// </summary>
    private SyncPlan Plan(SyncRequest request, ResolvedSince? since, AccountDataChanges accountData)
    {
        var plan = new SyncPlan();
        var roomFilter = request.Filter.RoomFilter;
        var candidates = since is null || request.FullState
            ? _rooms.Keys.ToList()
            : Candidates(since).Concat(accountData.Rooms.Keys).Distinct(StringComparer.Ordinal).ToList();
        foreach (var roomId in candidates)
        {
            if (!_rooms.TryGetValue(roomId, out var cursor) || cursor.Membership is null)
            {
                continue;
            }

            var mark = since?.Mark(roomId);
            var roomAccountData = accountData.Rooms.ContainsKey(roomId);
            if (since is not null && !request.FullState && !cursor.MovedPast(mark) && !roomAccountData)
            {
                continue;
            }

            plan.Covered[roomId] = new SyncRoomMark(roomId, Math.Max(cursor.Events, mark?.Events ?? 0), Math.Max(cursor.Ephemeral, mark?.Ephemeral ?? 0));
            if (!roomFilter.IncludesRoom(roomId))
            {
                continue;
            }

            var membershipChanged = mark is null || cursor.MembershipPosition > mark.Events;
            switch (cursor.Membership)
            {
                case Membership.Join:
                    var fresh = since is null || membershipChanged;
                    var eventsMoved = fresh || cursor.Events > mark!.Events;
                    var ephemeralMoved = fresh || cursor.Ephemeral > mark!.Ephemeral;
                    plan.Join.Add(new JoinedRoomWork(
                        roomId,
                        cursor.Events,
                        mark?.Events,
                        ReadEvents: eventsMoved || request.FullState,
                        FullState: fresh || request.FullState,
                        ReadEphemeral: ephemeralMoved,
                        EphemeralSince: fresh ? null : mark!.Ephemeral));
                    break;
                case Membership.Invite or Membership.Knock:
                    if (membershipChanged)
                    {
                        plan.Stripped.Add(new StrippedRoomWork(roomId, cursor.Membership == Membership.Knock));
                    }

                    break;
                default:
                    // Left, kicked, banned: once after it happened; on initial syncs only with include_leave (DIGEST §6).
                    if (since is null ? roomFilter.IncludeLeave : membershipChanged)
                    {
                        plan.Leave.Add(new LeftRoomWork(roomId, cursor.Events, since is null ? null : mark?.Events, FullState: mark is null || request.FullState));
                    }

                    break;
            }
        }

        return plan;
    }

    private async Task<JoinedRoomPart?> ReadJoinedAsync(
        JoinedRoomWork work,
        SyncPlan plan,
        SyncRequest request,
        ResolvedSince? since,
        AccountDataChanges accountData,
        Interfaces.Rooms.RoomEventFilter timelineFilter,
        Interfaces.Rooms.RoomEventFilter stateFilter,
        bool lazy,
        int limit,
        bool wantEphemeral)
    {
        try
        {
            var sliceTask = work.ReadEvents
                ? GrainFactory.GetGrain<IRoomSyncReader>(work.RoomId).GetSyncSliceAsync(new RoomSyncQuery(
                    _userId, request.DeviceId, work.SliceSince, work.Upto, limit, work.FullState, timelineFilter, stateFilter, lazy))
                : null;
            var ephemeralTask = wantEphemeral && work.ReadEphemeral
                ? GrainFactory.GetGrain<IRoomEphemeralGrain>(work.RoomId).GetAsync(_userId, work.EphemeralSince)
                : null;
            var slice = sliceTask is null ? null : await sliceTask;
            var ephemeral = ephemeralTask is null ? null : await ephemeralTask;
            return new JoinedRoomPart(work.RoomId, work.Upto, slice, ephemeral, RoomAccountData(request, accountData, work.RoomId));
        }
        catch (Exception ex) when (since is not null)
        {
            Uncover(plan, work.RoomId, since);
            Log.RoomReadFailed(_logger, _userId, work.RoomId, ex);
            return null;
        }
    }

    private async Task<LeftRoomPart?> ReadLeftAsync(
        LeftRoomWork work,
        SyncPlan plan,
        SyncRequest request,
        ResolvedSince? since,
        AccountDataChanges accountData,
        Interfaces.Rooms.RoomEventFilter timelineFilter,
        Interfaces.Rooms.RoomEventFilter stateFilter,
        bool lazy,
        int limit)
    {
        try
        {
            var slice = await GrainFactory.GetGrain<IRoomSyncReader>(work.RoomId).GetSyncSliceAsync(new RoomSyncQuery(
                _userId, request.DeviceId, work.SliceSince, work.Upto, limit, work.FullState, timelineFilter, stateFilter, lazy, IncludeSummary: false));
            return new LeftRoomPart(work.RoomId, slice, RoomAccountData(request, accountData, work.RoomId));
        }
        catch (Exception ex) when (since is not null)
        {
            Uncover(plan, work.RoomId, since);
            Log.RoomReadFailed(_logger, _userId, work.RoomId, ex);
            return null;
        }
    }

    private async Task<StrippedRoomPart?> ReadStrippedAsync(StrippedRoomWork work, ResolvedSince? since, SyncPlan plan)
    {
        try
        {
            var state = await GrainFactory.GetGrain<IRoomSyncReader>(work.RoomId).GetStrippedStateAsync(_userId);
            return new StrippedRoomPart(work.RoomId, work.Knock, state);
        }
        catch (Exception ex) when (since is not null)
        {
            Uncover(plan, work.RoomId, since);
            Log.RoomReadFailed(_logger, _userId, work.RoomId, ex);
            return null;
        }
    }

    /// <summary>A room that could not be read stays where the token had it, so the next sync tries again. (An
    /// initial sync cannot express "not delivered" for a room its base checkpoint holds, so there a failure fails
    /// the request and the client retries.)</summary>
    private static void Uncover(SyncPlan plan, string roomId, ResolvedSince since)
    {
        if (since.Mark(roomId) is { } mark)
        {
            plan.Covered[roomId] = mark;
        }
        else
        {
            plan.Covered.Remove(roomId);
        }
    }

    private static IReadOnlyList<AccountDataEntry> RoomAccountData(SyncRequest request, AccountDataChanges accountData, string roomId) =>
        accountData.Rooms.TryGetValue(roomId, out var entries)
            ? SyncFilterMatching.Apply(request.Filter.RoomFilter.AccountData, entries, e => e.Type, _ => null)
            : [];

    /// <summary>Invites from ignored users are hidden (DIGEST §6).</summary>
    private bool IsFromIgnoredUser(StrippedRoomPart part, HashSet<string> ignored) =>
        ignored.Count > 0 && part.State.Any(e =>
            e.TryGetProperty("type", out var type) && type.GetString() == EventTypes.Member
            && e.TryGetProperty("state_key", out var key) && key.GetString() == _userId
            && e.TryGetProperty("sender", out var sender) && sender.GetString() is { } s && ignored.Contains(s));

    private async Task<IReadOnlyDictionary<string, UnreadCounts>?> UnreadCountsAsync(List<string> roomIds)
    {
        if (roomIds.Count == 0 || NotificationsAccess.Get(GrainFactory, _userId) is not { } notifications)
        {
            return null;
        }

        try
        {
            return await notifications.GetUnreadCountsAsync(roomIds);
        }
        catch (Exception ex)
        {
            Log.UnreadCountsFailed(_logger, _userId, ex);
            return null;
        }
    }

    /// <summary>Whose presence to send: on an initial sync everyone the response shows (timeline senders, member
    /// state, heroes); afterwards the members whose presence the rooms' ephemeral streams reported as changed.</summary>
    private IEnumerable<string> PresenceUsers(ResolvedSince? since, List<JoinedRoomPart> joined)
    {
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in joined)
        {
            if (part.Ephemeral is { } ephemeral)
            {
                users.UnionWith(ephemeral.PresenceChanged);
            }

            if (since is null && part.Slice is { } slice)
            {
                users.UnionWith(slice.Summary?.Heroes ?? []);
                foreach (var e in slice.State.Concat(slice.Timeline))
                {
                    if (e.TryGetProperty("type", out var type) && type.GetString() == EventTypes.Member
                        && e.TryGetProperty("state_key", out var key) && key.GetString() is { } member)
                    {
                        users.Add(member);
                    }
                }
            }
        }

        if (since is null)
        {
            users.Add(_userId);
        }

        return users.Take(MaxPresenceUsers);
    }

    private async Task<List<JsonElement>> PresenceAsync(SyncEventFilter? filter, IEnumerable<string> users)
    {
        var wanted = users.Where(u => SyncFilterMatching.Matches(filter, "m.presence", u)).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        try
        {
            var infos = await Task.WhenAll(wanted.Select(u => GrainFactory.GetGrain<IPresenceGrain>(u).GetAsync()));
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var events = new List<JsonElement>();
            for (var i = 0; i < wanted.Count; i++)
            {
                if (infos[i].LastActiveTs > 0 || infos[i].StatusMessage is not null || infos[i].Presence != PresenceStates.Offline)
                {
                    events.Add(PresenceEvents.Write(wanted[i], infos[i], now));
                }
            }

            return filter?.Limit is { } limit && events.Count > limit ? events[..limit] : events;
        }
        catch (Exception ex)
        {
            Log.PresenceFailed(_logger, _userId, wanted.Count, ex);
            return [];
        }
    }
}
