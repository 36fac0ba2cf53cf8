namespace ClawChat.Matrix.Auth;

/// <summary>
/// Effective power levels of a room (DIGEST §4.1; <c>m.room.power_levels</c> schema). Defaults:
/// <c>users_default</c> 0, <c>events_default</c> 0, <c>state_default</c> 50 (also with no PL event at all),
/// <c>invite</c> 0, <c>kick</c>/<c>ban</c>/<c>redact</c> 50, <c>notifications.room</c> 50. With no PL event the
/// creator has 100 and everyone else 0 (room versions 1–11).
/// </summary>
public sealed partial class PowerLevels
{
    public const long DefaultUsersDefault = 0;
    public const long DefaultEventsDefault = 0;
    public const long DefaultStateDefault = 50;
    public const long DefaultInvite = 0;
    public const long DefaultKick = 50;
    public const long DefaultBan = 50;
    public const long DefaultRedact = 50;
    public const long DefaultNotificationRoom = 50;

    /// <summary>The creator's level when the room has no PL event.</summary>
    public const long CreatorLevelWithoutEvent = 100;

    private static readonly IReadOnlyDictionary<string, long> NoEntries = new Dictionary<string, long>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Users { get; init; } = NoEntries;

    public long UsersDefault { get; init; } = DefaultUsersDefault;

    public IReadOnlyDictionary<string, long> Events { get; init; } = NoEntries;

    public long EventsDefault { get; init; } = DefaultEventsDefault;

    public long StateDefault { get; init; } = DefaultStateDefault;

    public long Invite { get; init; } = DefaultInvite;

    public long Kick { get; init; } = DefaultKick;

    public long Ban { get; init; } = DefaultBan;

    public long Redact { get; init; } = DefaultRedact;

    /// <summary><c>notifications</c>; only <c>room</c> (the level to trigger <c>@room</c>) is defined.</summary>
    public IReadOnlyDictionary<string, long> Notifications { get; init; } = NoEntries;

    public long NotificationRoom => Notifications.TryGetValue("room", out var level) ? level : DefaultNotificationRoom;

    /// <summary>The levels that apply when the room has no <c>m.room.power_levels</c> event.</summary>
    public static PowerLevels WithoutEvent(string? creator) => new()
    {
        Users = creator is null
            ? NoEntries
            : new Dictionary<string, long>(StringComparer.Ordinal) { [creator] = CreatorLevelWithoutEvent },
    };

    public long GetUserLevel(string userId) => Users.TryGetValue(userId, out var level) ? level : UsersDefault;

    /// <summary>
    /// The level needed to send an event of <paramref name="eventType"/>: <c>events[type]</c>, else
    /// <c>state_default</c> for state events or <c>events_default</c> for message events. Membership changes
    /// are governed by invite/kick/ban instead (the member rules never call this).
    /// </summary>
    public long GetRequiredLevel(string eventType, bool isState) =>
        Events.TryGetValue(eventType, out var level) ? level : isState ? StateDefault : EventsDefault;

    public bool CanSend(string userId, string eventType, bool isState) => GetUserLevel(userId) >= GetRequiredLevel(eventType, isState);

    public bool CanInvite(string userId) => GetUserLevel(userId) >= Invite;

    /// <summary>Power to redact events sent by <em>other</em> users.</summary>
    public bool CanRedactOthers(string userId) => GetUserLevel(userId) >= Redact;

    public bool CanNotifyRoom(string userId) => GetUserLevel(userId) >= NotificationRoom;
}
