using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Rooms;

/// <summary>The old room's side of a room upgrade (DIGEST §5 "Room upgrades"); <see cref="RoomUpgradeGrain"/> drives it.</summary>
public sealed partial class RoomGrain : IRoomMaintenanceGrain
{
    /// <summary>State an upgrade copies (DIGEST §5); power levels and the canonical alias are handled separately.</summary>
    private static readonly string[] UpgradeCopiedStateTypes =
    [
        EventTypes.JoinRules, EventTypes.HistoryVisibility, EventTypes.GuestAccess, EventTypes.Name, EventTypes.Topic,
        EventTypes.Avatar, EventTypes.Encryption, EventTypes.ServerAcl,
    ];

    public Task<RoomUpgradeSnapshot> PrepareUpgradeAsync(string sender)
    {
        EnsureExists();

        // The tombstone is authorised like any event (DIGEST §4.3); build one without appending it, so a user
        // without the power gets 403 before anything is created. Its content does not affect the auth rules.
        BuildEvent(sender, EventTypes.Tombstone, string.Empty, InitialRoomEvents.Element(new JsonObject { ["body"] = string.Empty, ["replacement_room"] = _roomId }));

        var state = new List<StateEventInput>();
        foreach (var type in UpgradeCopiedStateTypes)
        {
            if (_state.GetStateEvent(type, string.Empty) is { Content: { ValueKind: JsonValueKind.Object } content } && content.EnumerateObject().Any())
            {
                state.Add(new StateEventInput(type, string.Empty, content.Clone()));
            }
        }

        IReadOnlyList<string> banned = [.. _state.Members()
            .Where(m => m.Pdu.GetContentString("membership") == Membership.Ban)
            .Select(m => m.Pdu.StateKey!)];
        return Task.FromResult(new RoomUpgradeSnapshot(
            _state.GetCreateEvent()!.Content.Clone(),
            _lastEventId!,
            _state.GetPowerLevelsEvent()?.Content.Clone(),
            state,
            _state.GetStateEvent(EventTypes.CanonicalAlias, string.Empty)?.Content.Clone(),
            banned));
    }

    public async Task<string> CompleteUpgradeAsync(string sender, string replacementRoomId)
    {
        EnsureExists();
        var tombstone = await SendAsync(sender, EventTypes.Tombstone, string.Empty, InitialRoomEvents.Element(new JsonObject
        {
            ["body"] = "This room has been replaced",
            ["replacement_room"] = replacementRoomId,
        }));

        // Synapse practice (DIGEST §5): raise events_default and invite to max(50, users_default + 1) so only
        // moderators can still talk or invite in the old room. Best effort: the upgrader may lack the power.
        if (_state.Get(EventTypes.PowerLevels, string.Empty) is { } powerLevels && JsonObject.Create(powerLevels.Pdu.Content.Clone()) is { } content)
        {
            var levels = _state.GetPowerLevels(Version);
            var restricted = Math.Max(50, levels.UsersDefault + 1);
            var changed = false;
            if (levels.EventsDefault < restricted)
            {
                content["events_default"] = restricted;
                changed = true;
            }

            if (levels.Invite < restricted)
            {
                content["invite"] = restricted;
                changed = true;
            }

            if (changed)
            {
                await TrySendStateAsync(sender, EventTypes.PowerLevels, content);
            }
        }

        // The aliases move to the new room (RoomUpgradeGrain), so the old room stops announcing them.
        if (_state.GetStateEvent(EventTypes.CanonicalAlias, string.Empty) is { Content: { ValueKind: JsonValueKind.Object } alias } && alias.EnumerateObject().Any())
        {
            await TrySendStateAsync(sender, EventTypes.CanonicalAlias, []);
        }

        return tombstone.EventId;
    }

    private async Task TrySendStateAsync(string sender, string type, JsonObject content)
    {
        try
        {
            await SendAsync(sender, type, string.Empty, InitialRoomEvents.Element(content));
        }
        catch (MatrixException ex)
        {
            Log.UpgradeStepSkipped(_logger, _roomId, type, ex.ErrCode);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3400, LogLevel.Information, "Room {RoomId} upgrade: skipped {EventType} ({ErrCode})")]
        public static partial void UpgradeStepSkipped(ILogger logger, string roomId, string eventType, string errCode);
    }
}
