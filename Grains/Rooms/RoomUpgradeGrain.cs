using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.RoomDirectory;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// Drives a room upgrade (DIGEST §5 "Room upgrades", Synapse's order of steps): check the tombstone power in the
/// old room; create the new room with <c>predecessor</c> and the copied state (the upgrader temporarily raised to
/// the highest level that state needs, then the old levels restored); copy bans; tombstone and restrict the old
/// room; move the local aliases, the canonical alias and the directory listing. Steps after the new room exists
/// are best effort: a failure there leaves a usable new room, which the response names.
/// </summary>
[GrainType("room-upgrade")]
public sealed partial class RoomUpgradeGrain : Grain, IRoomUpgradeGrain
{
    private readonly IOptions<ClawChatOptions> _options;
    private readonly ILogger<RoomUpgradeGrain> _logger;

    public RoomUpgradeGrain(IOptions<ClawChatOptions> options, ILogger<RoomUpgradeGrain> logger)
    {
        _options = options;
        _logger = logger;
    }

    public async Task<string> UpgradeAsync(RoomUpgradeCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!RoomVersion.TryGet(command.NewVersion, out var version))
        {
            throw MatrixException.UnsupportedRoomVersion($"Room version '{command.NewVersion}' is not supported.");
        }

        var oldRoomId = GetPrimaryKeyString();
        var oldRoom = GrainFactory.GetGrain<IRoomMaintenanceGrain>(oldRoomId);
        var snapshot = await oldRoom.PrepareUpgradeAsync(command.Sender);
        var newRoomId = RoomId.New(ServerName.Parse(_options.Value.ServerName)).Value;
        var newRoom = GrainFactory.GetGrain<IRoomGrain>(newRoomId);

        var creation = new JsonObject
        {
            ["predecessor"] = new JsonObject { ["room_id"] = oldRoomId, ["event_id"] = snapshot.LastEventId },
        };
        foreach (var kept in (string[])["type", "m.federate"])
        {
            if (snapshot.CreateContent.ValueKind == JsonValueKind.Object && snapshot.CreateContent.TryGetProperty(kept, out var value))
            {
                creation[kept] = JsonNode.Parse(value.GetRawText());
            }
        }

        var (powerLevels, raised) = RaiseUpgrader(snapshot.PowerLevels, command.Sender);
        var initialState = new List<StateEventInput>(snapshot.State);
        if (powerLevels is { } initialLevels)
        {
            initialState.Insert(0, new StateEventInput(EventTypes.PowerLevels, string.Empty, initialLevels));
        }

        await newRoom.CreateAsync(new CreateRoomCommand(
            command.Sender,
            version.Id,
            RoomPresets.PrivateChat,
            Name: null,
            Topic: null,
            CanonicalAlias: null,
            Invite: [],
            initialState,
            IsDirect: false,
            JsonSerializer.SerializeToElement(creation),
            PowerLevelContentOverride: null,
            command.DisplayName,
            command.AvatarUrl));

        foreach (var banned in snapshot.BannedUsers)
        {
            await TryAsync(newRoomId, "ban", () => newRoom.UpdateMembershipAsync(new MembershipCommand(command.Sender, banned, MembershipAction.Ban)));
        }

        if (raised && snapshot.PowerLevels is { } original)
        {
            await TryAsync(newRoomId, EventTypes.PowerLevels, () => newRoom.SendStateEventAsync(new SendStateCommand(command.Sender, EventTypes.PowerLevels, string.Empty, original)));
        }

        await oldRoom.CompleteUpgradeAsync(command.Sender, newRoomId);

        foreach (var alias in await GrainFactory.GetGrain<IRoomLocalAliasesGrain>(oldRoomId).GetAsync())
        {
            await GrainFactory.GetGrain<IRoomAliasGrain>(alias).MoveAsync(oldRoomId, newRoomId);
        }

        if (await MovedCanonicalAliasAsync(snapshot.CanonicalAlias, newRoomId) is { } canonicalAlias)
        {
            await TryAsync(newRoomId, EventTypes.CanonicalAlias, () => newRoom.SendStateEventAsync(new SendStateCommand(command.Sender, EventTypes.CanonicalAlias, string.Empty, canonicalAlias)));
        }

        var directory = GrainFactory.GetGrain<IPublicRoomListGrain>(IPublicRoomListGrain.Key);
        if (await directory.IsPublishedAsync(oldRoomId))
        {
            await directory.SetPublishedAsync(newRoomId, published: true);
            await directory.SetPublishedAsync(oldRoomId, published: false);
        }

        Log.Upgraded(_logger, oldRoomId, newRoomId, version.Id);
        return newRoomId;
    }

    /// <summary>The old power levels with the upgrader raised to the highest level any state event, ban or invite
    /// needs, so that every initial event of the new room passes the auth rules; <c>Raised</c> when a change was needed.</summary>
    internal static (JsonElement? Content, bool Raised) RaiseUpgrader(JsonElement? powerLevels, string sender)
    {
        if (powerLevels is not { ValueKind: JsonValueKind.Object } content || JsonObject.Create(content.Clone()) is not { } levels)
        {
            return (null, false);
        }

        var needed = Math.Max(Level(levels, "state_default", 50), Math.Max(Level(levels, "ban", 50), Level(levels, "invite", 0)));
        if (levels["events"] is JsonObject events)
        {
            foreach (var (_, value) in events)
            {
                needed = Math.Max(needed, Number(value) ?? 0);
            }
        }

        if (levels["users"] is not JsonObject users)
        {
            users = [];
            levels["users"] = users;
        }

        var current = Number(users[sender]) ?? Level(levels, "users_default", 0);
        if (current >= needed)
        {
            return (content, false);
        }

        users[sender] = needed;
        return (JsonSerializer.SerializeToElement(levels), true);
    }

    private static long Level(JsonObject levels, string name, long fallback) => Number(levels[name]) ?? fallback;

    private static long? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number : null;

    /// <summary>The old canonical alias content restricted to the aliases that now point at the new room, or null.</summary>
    private async Task<JsonElement?> MovedCanonicalAliasAsync(JsonElement? canonicalAlias, string newRoomId)
    {
        if (canonicalAlias is not { ValueKind: JsonValueKind.Object } content)
        {
            return null;
        }

        async Task<bool> PointsToNewRoomAsync(string alias) =>
            string.Equals((await GrainFactory.GetGrain<IRoomAliasGrain>(alias).GetAsync())?.RoomId, newRoomId, StringComparison.Ordinal);

        var moved = new JsonObject();
        if (content.TryGetProperty("alias", out var alias) && alias.ValueKind == JsonValueKind.String && await PointsToNewRoomAsync(alias.GetString()!))
        {
            moved["alias"] = alias.GetString();
        }

        if (content.TryGetProperty("alt_aliases", out var alternatives) && alternatives.ValueKind == JsonValueKind.Array)
        {
            var kept = new JsonArray();
            foreach (var item in alternatives.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && await PointsToNewRoomAsync(item.GetString()!))
                {
                    kept.Add(item.GetString());
                }
            }

            if (kept.Count > 0)
            {
                moved["alt_aliases"] = kept;
            }
        }

        return moved.Count == 0 ? null : JsonSerializer.SerializeToElement(moved);
    }

    private async Task TryAsync(string roomId, string step, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (MatrixException ex)
        {
            Log.StepFailed(_logger, roomId, step, ex.ErrCode);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3410, LogLevel.Information, "Room {OldRoomId} upgraded to {NewRoomId} (version {Version})")]
        public static partial void Upgraded(ILogger logger, string oldRoomId, string newRoomId, string version);

        [LoggerMessage(3411, LogLevel.Warning, "Room upgrade into {RoomId}: step {Step} failed ({ErrCode})")]
        public static partial void StepFailed(ILogger logger, string roomId, string step, string errCode);
    }
}
