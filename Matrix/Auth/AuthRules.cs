using System.Text.Json;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Identifiers;

namespace ClawChat.Matrix.Auth;

/// <summary>
/// The authorization rules for room versions 10 and 11 (DIGEST §4.3; spec room versions v10/v11
/// "Authorization rules"), evaluated in order, first decision wins. The caller supplies the state to
/// check against; rule 3 (auth_events sanity) is satisfied by construction when the event's
/// <c>auth_events</c> were chosen from that same state with <see cref="AuthEventSelector"/>, so it is only
/// checked here as far as "a create event exists and belongs to this room". Signatures are not verified
/// (no federation yet): every event we check was built and will be signed by this server.
/// </summary>
public static partial class AuthRules
{
    public static AuthResult Check(Pdu pdu, IAuthState state, RoomVersion version)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(version);

        // Rule 1.
        if (pdu.Type == EventTypes.Create)
        {
            return CheckCreate(pdu, version);
        }

        // Rule 3 (the part that concerns state): the create event must exist and be this room's.
        var create = state.GetCreateEvent();
        if (create is null)
        {
            return AuthResult.Deny("the room has no m.room.create event");
        }

        if (!string.Equals(create.RoomId, pdu.RoomId, StringComparison.Ordinal))
        {
            return AuthResult.Deny("the create event belongs to another room");
        }

        // Rule 4: a non-federating room only accepts events from the creator's server.
        if (create.Content.TryGetProperty("m.federate", out var federate)
            && federate.ValueKind == JsonValueKind.False
            && !string.Equals(AuthStateExtensions.ServerOf(pdu.Sender), AuthStateExtensions.ServerOf(create.Sender), StringComparison.Ordinal))
        {
            return AuthResult.Deny("the room does not federate and the sender is on another server");
        }

        // Rule 5.
        if (pdu.Type == EventTypes.Member)
        {
            return CheckMember(pdu, state, create, version);
        }

        // Rule 6.
        if (state.GetMembership(pdu.Sender) != Membership.Join)
        {
            return AuthResult.Deny("the sender is not joined to the room");
        }

        var powerLevels = state.GetPowerLevels(version);
        var senderLevel = powerLevels.GetUserLevel(pdu.Sender);

        // Rule 7.
        if (pdu.Type == EventTypes.ThirdPartyInvite)
        {
            return senderLevel >= powerLevels.Invite
                ? AuthResult.Allow("the sender may invite")
                : AuthResult.Deny("the sender's power level is below the invite level");
        }

        // Rule 8.
        var required = powerLevels.GetRequiredLevel(pdu.Type, pdu.IsState);
        if (required > senderLevel)
        {
            return AuthResult.Deny($"sending {pdu.Type} needs power level {required}, the sender has {senderLevel}");
        }

        // Rule 9: state keys naming a user are reserved to that user.
        if (pdu.StateKey is { } stateKey
            && stateKey.StartsWith('@')
            && !string.Equals(stateKey, pdu.Sender, StringComparison.Ordinal))
        {
            return AuthResult.Deny("a state key starting with '@' must equal the sender");
        }

        // Rule 10.
        if (pdu.Type == EventTypes.PowerLevels)
        {
            return CheckPowerLevels(pdu, state, senderLevel, version);
        }

        // Rule 11. Redactions need nothing more here: the redact level is enforced when the redaction is
        // applied, not by the auth rules (room versions 3+, DIGEST §3.4; see RedactionRules).
        return AuthResult.Allow("the sender has the required power level");
    }

    /// <summary>Rule 1: <c>m.room.create</c>.</summary>
    private static AuthResult CheckCreate(Pdu pdu, RoomVersion version)
    {
        if (pdu.PrevEvents.Count > 0)
        {
            return AuthResult.Deny("the create event must not have prev_events");
        }

        if (!RoomId.TryParse(pdu.RoomId, out var roomId) || roomId.Server is not { } roomServer
            || !UserId.TryParse(pdu.Sender, out var sender)
            || !roomServer.Equals(sender.Server))
        {
            return AuthResult.Deny("the room ID's domain must match the sender's domain");
        }

        if (pdu.Content.TryGetProperty("room_version", out var roomVersion)
            && (roomVersion.ValueKind != JsonValueKind.String || !RoomVersion.TryGet(roomVersion.GetString(), out _)))
        {
            return AuthResult.Deny("content.room_version is not a known room version");
        }

        if (version.UsesCreatorField && !pdu.Content.TryGetProperty("creator", out _))
        {
            return AuthResult.Deny("content.creator is required in this room version");
        }

        return AuthResult.Allow("valid create event");
    }
}
