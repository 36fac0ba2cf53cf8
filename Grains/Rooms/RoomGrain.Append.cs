using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Runtime;
using ClawChat.Storage.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>Building, authorising, appending and applying events.</summary>
public sealed partial class RoomGrain
{
    /// <summary>
    /// Builds the next event on top of the current state: <c>prev_events</c> = the last event, <c>depth</c> + 1,
    /// <c>auth_events</c> chosen from the current state (DIGEST §4.2), hashes and ID (DIGEST §3.2); then checks it
    /// with the auth rules against the current state (DIGEST §4.3) and refuses it with M_FORBIDDEN and the reason.
    /// Does not change anything.
    /// </summary>
    private Pdu BuildEvent(string sender, string type, string? stateKey, JsonElement content, string? redacts = null)
    {
        var draft = new PduDraft
        {
            RoomId = _roomId,
            Sender = sender,
            Type = type,
            StateKey = stateKey,
            Content = content,
            OriginServerTs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            PrevEvents = _lastEventId is null ? [] : [_lastEventId],
            Depth = _depth + 1,
            Redacts = redacts,
        };
        draft = draft with { AuthEvents = AuthEventSelector.Select(draft, _state) };
        var pdu = Pdu.Create(draft, _version ?? RoomVersion.Default);
        var auth = AuthRules.Check(pdu, _state, _version ?? RoomVersion.Default);
        if (!auth.IsAllowed)
        {
            Log.Rejected(_logger, _roomId, type, sender, auth.Reason);
            throw MatrixException.Forbidden($"Not allowed: {auth.Reason}.");
        }

        return pdu;
    }

    /// <summary>The timeline entry for a new event at the next position, recording the state it replaces.</summary>
    private TimelineEntry NewEntry(Pdu pdu, string? txnDeviceId = null, string? txnId = null)
    {
        var replaced = pdu.StateKey is { } stateKey ? _state.Get(pdu.Type, stateKey) : null;
        return new TimelineEntry
        {
            Position = _position + 1,
            Pdu = pdu,
            TxnDeviceId = txnDeviceId,
            TxnId = txnId,
            ReplacesState = replaced?.EventId,
            PrevContent = replaced?.Pdu.Content,
            PrevSender = replaced?.Pdu.Sender,
        };
    }

    /// <summary>Builds, authorises, appends and applies one event; updates the membership index when the event changes someone's membership.</summary>
    private async Task<TimelineEntry> SendAsync(string sender, string type, string? stateKey, JsonElement content, string? redacts = null, string? txnDeviceId = null, string? txnId = null)
    {
        var pdu = BuildEvent(sender, type, stateKey, content, redacts);
        var entry = NewEntry(pdu, txnDeviceId, txnId);
        var previousMembership = type == EventTypes.Member && stateKey is not null ? _state.GetMembership(stateKey) : null;
        await AppendAsync(_position, [StoredEventCodec.Encode(entry)]);
        Apply(entry, live: true);
        PublishToSync([entry], live: true); // sync hook: RoomGrain.Sync.cs
        if (type == EventTypes.Member && previousMembership != pdu.GetContentString("membership"))
        {
            await NotifyMembershipChangesAsync([entry]);
        }

        await MaybeCheckpointAsync();
        return entry;
    }

    /// <summary>Appends to the event store at <paramref name="expectedLast"/> + 1…; on a lost race (another
    /// activation wrote first) this activation's view is stale, so it deactivates and the caller gets an error.</summary>
    private async Task AppendAsync(long expectedLast, IReadOnlyList<NewEvent> events)
    {
        try
        {
            await _events.AppendAsync(_roomId, expectedLast, events);
        }
        catch (Exception ex) when (ex is InconsistentStateException or DuplicateEventException)
        {
            Log.WriteConflict(_logger, _roomId, ex);
            DeactivateOnIdle();
            throw MatrixException.Unknown("The room changed concurrently; retry.", 503);
        }
    }

    /// <summary>Applies an appended event to the in-memory view (live) or during replay after a checkpoint.</summary>
    private void Apply(TimelineEntry entry, bool live)
    {
        var pdu = entry.Pdu;
        _position = entry.Position;
        _lastEventId = pdu.EventId;
        _depth = pdu.Depth;
        if (live)
        {
            _recent.Add(entry);
        }

        if (pdu.StateKey is { } stateKey)
        {
            _state.Set(_redactions.ContainsKey(pdu.EventId) ? entry.WithPdu(pdu.Redact(Version)) : entry);
            if (pdu.Type == EventTypes.Member && pdu.GetContentString("membership") is { } membership)
            {
                _history.RecordMembership(stateKey, entry.Position, membership);
            }
            else if (pdu.IsStateOf(EventTypes.HistoryVisibility, string.Empty))
            {
                _history.RecordVisibility(entry.Position, pdu.GetContentString("history_visibility"));
            }
        }

        if (entry.TxnId is not null && entry.TxnDeviceId is not null)
        {
            RememberTransaction(new RecentTransaction(pdu.Sender, entry.TxnDeviceId, entry.TxnId, pdu.EventId, entry.Position));
        }

        if (!_redactions.ContainsKey(pdu.EventId))
        {
            _relations.Record(entry);
        }

        if (pdu.GetRedactsTarget(Version) is { } target && _redactions.TryAdd(target, pdu.EventId))
        {
            _redactionsDirty = true;
            _state.Redact(target, Version);
            _relations.Remove(target);
        }
    }

    private void RememberTransaction(RecentTransaction txn)
    {
        if (_transactions.TryAdd((txn.UserId, txn.DeviceId, txn.TxnId), txn))
        {
            _transactionOrder.Enqueue(txn);
            while (_transactionOrder.Count > MaxTransactions)
            {
                var old = _transactionOrder.Dequeue();
                _transactions.Remove((old.UserId, old.DeviceId, old.TxnId));
            }
        }
    }

    private SendEventResult? FindTransaction(string userId, string deviceId, string txnId) =>
        _transactions.TryGetValue((userId, deviceId, txnId), out var txn) ? new SendEventResult(txn.EventId, txn.Position) : null;

    private async Task MaybeCheckpointAsync()
    {
        if (_position - _head.State.Position >= CheckpointInterval)
        {
            await CheckpointAsync();
        }
    }

    /// <summary>Writes the redactions and the relations index (if changed) and then the head; a crash in between is repaired by the replay.</summary>
    private async Task CheckpointAsync()
    {
        if (_redactionsDirty)
        {
            _redactionsState.State = new RoomRedactionsState { Redactions = new(_redactions, StringComparer.Ordinal) };
            await _redactionsState.WriteStateAsync();
            _redactionsDirty = false;
        }

        if (_relations.IsDirty)
        {
            _relationsState.State = new RoomRelationsState { Relations = _relations.Snapshot() };
            await _relationsState.WriteStateAsync();
        }

        _head.State = new RoomHeadState
        {
            RoomVersion = _version?.Id,
            Position = _position,
            LastEventId = _lastEventId,
            Depth = _depth,
            State = [.. _state.Entries.Select(e => new StateRef(e.Pdu.Type, e.Pdu.StateKey!, e.EventId, e.Position))],
            Memberships = _history.SnapshotMemberships(),
            Visibility = _history.SnapshotVisibility(),
            Transactions = [.. _transactionOrder],
        };
        await _head.WriteStateAsync();
    }

    /// <summary>Tells each target's <see cref="IUserRoomsGrain"/> about membership events among <paramref name="entries"/>.
    /// The events are already committed, so a failure is logged rather than reported to the client; the index
    /// catches up when the room replays its tail on the next activation.</summary>
    private async Task NotifyMembershipChangesAsync(IReadOnlyList<TimelineEntry> entries)
    {
        var latest = new Dictionary<string, TimelineEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Pdu.Type == EventTypes.Member && entry.Pdu.StateKey is { } target)
            {
                latest[target] = entry;
            }
        }

        var calls = latest.Select(async pair =>
        {
            try
            {
                var membership = pair.Value.Pdu.GetContentString("membership") ?? Membership.Leave;
                await GrainFactory.GetGrain<IUserRoomsGrain>(pair.Key).UpdateMembershipAsync(_roomId, membership, pair.Value.Position);
            }
            catch (Exception ex)
            {
                Log.MembershipIndexFailed(_logger, _roomId, pair.Key, ex);
            }
        });
        await Task.WhenAll(calls);
    }
}
