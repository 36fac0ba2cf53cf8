using ClawChat.Matrix.Events;
using ClawChat.Matrix.Identifiers;

namespace ClawChat.Matrix.Auth;

/// <summary>Typed views of the state the auth rules consult.</summary>
public static class AuthStateExtensions
{
    public static Pdu? GetCreateEvent(this IAuthState state) => state.GetStateEvent(EventTypes.Create, string.Empty);

    public static Pdu? GetPowerLevelsEvent(this IAuthState state) => state.GetStateEvent(EventTypes.PowerLevels, string.Empty);

    public static Pdu? GetJoinRulesEvent(this IAuthState state) => state.GetStateEvent(EventTypes.JoinRules, string.Empty);

    public static Pdu? GetMemberEvent(this IAuthState state, string userId) => state.GetStateEvent(EventTypes.Member, userId);

    /// <summary>The user's membership, or null when they have no member event ("none").</summary>
    public static string? GetMembership(this IAuthState state, string userId) =>
        state.GetMemberEvent(userId)?.GetContentString("membership");

    /// <summary>The join rule, or null when there is no (valid) <c>m.room.join_rules</c> event.</summary>
    public static string? GetJoinRule(this IAuthState state) => state.GetJoinRulesEvent()?.GetContentString("join_rule");

    /// <summary>
    /// The room creator: <c>content.creator</c> in v10, the create event's <c>sender</c> from v11 (DIGEST §3.3).
    /// </summary>
    public static string? GetCreator(this IAuthState state, RoomVersion version) =>
        state.GetCreateEvent() is { } create ? GetCreator(create, version) : null;

    public static string? GetCreator(Pdu createEvent, RoomVersion version)
    {
        ArgumentNullException.ThrowIfNull(createEvent);
        ArgumentNullException.ThrowIfNull(version);
        return version.UsesCreatorField ? createEvent.GetContentString("creator") : createEvent.Sender;
    }

    /// <summary>The effective power levels, with the no-event defaults when there is no PL event (DIGEST §4.1).</summary>
    public static PowerLevels GetPowerLevels(this IAuthState state, RoomVersion version) =>
        state.GetPowerLevelsEvent() is { } pl
            ? PowerLevels.FromContent(pl.Content, version)
            : PowerLevels.WithoutEvent(state.GetCreator(version));

    /// <summary>The server part of a user ID, or null if it does not parse.</summary>
    internal static string? ServerOf(string userId) => UserId.TryParse(userId, out var id) ? id.Server.Value : null;
}
