using System.Text.Json;
using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Auth;

public static partial class AuthRules
{
    /// <summary>Rule 5: <c>m.room.member</c>, target = <c>state_key</c> (DIGEST §4.3, §4.4).</summary>
    private static AuthResult CheckMember(Pdu pdu, IAuthState state, Pdu create, RoomVersion version)
    {
        var membership = pdu.GetContentString("membership");
        if (pdu.StateKey is not { } target || membership is null)
        {
            return AuthResult.Deny("a member event needs a state_key and content.membership");
        }

        // The spec requires the event to be signed by the authorising user's server. Every event here is
        // built and signed by this server, the sender's server, so that holds iff the authorising user is
        // on the sender's server.
        var authorisedVia = pdu.GetContentString("join_authorised_via_users_server");
        if (pdu.Content.TryGetProperty("join_authorised_via_users_server", out _)
            && (authorisedVia is null
                || AuthStateExtensions.ServerOf(authorisedVia) is not { } authoriserServer
                || !string.Equals(authoriserServer, AuthStateExtensions.ServerOf(pdu.Sender), StringComparison.Ordinal)))
        {
            return AuthResult.Deny("join_authorised_via_users_server must name a user of the signing server");
        }

        return membership switch
        {
            Membership.Join => CheckJoin(pdu, target, authorisedVia, state, create, version),
            Membership.Invite => CheckInvite(pdu, target, state, version),
            Membership.Leave => CheckLeave(pdu, target, state, version),
            Membership.Ban => CheckBan(pdu, target, state, version),
            Membership.Knock => CheckKnock(pdu, target, state),
            _ => AuthResult.Deny($"unknown membership '{membership}'"),
        };
    }

    private static AuthResult CheckJoin(Pdu pdu, string target, string? authorisedVia, IAuthState state, Pdu create, RoomVersion version)
    {
        // The creator's own first join, straight after the create event.
        if (pdu.PrevEvents.Count == 1
            && string.Equals(pdu.PrevEvents[0], create.EventId, StringComparison.Ordinal)
            && string.Equals(target, AuthStateExtensions.GetCreator(create, version), StringComparison.Ordinal))
        {
            return AuthResult.Allow("the creator joins the new room");
        }

        if (!string.Equals(pdu.Sender, target, StringComparison.Ordinal))
        {
            return AuthResult.Deny("users can only join on their own behalf");
        }

        var current = state.GetMembership(target);
        if (current == Membership.Ban)
        {
            return AuthResult.Deny("the user is banned");
        }

        var joinRule = state.GetJoinRule();
        switch (joinRule)
        {
            case JoinRules.Invite or JoinRules.Knock:
                return current is Membership.Invite or Membership.Join
                    ? AuthResult.Allow("the user was invited or is already joined")
                    : AuthResult.Deny("the room is invite-only and the user has no invite");
            case JoinRules.Restricted or JoinRules.KnockRestricted:
                if (current is Membership.Invite or Membership.Join)
                {
                    return AuthResult.Allow("the user was invited or is already joined");
                }

                if (authorisedVia is null)
                {
                    return AuthResult.Deny("a restricted join needs an invite or join_authorised_via_users_server");
                }

                var powerLevels = state.GetPowerLevels(version);
                return state.GetMembership(authorisedVia) == Membership.Join && powerLevels.GetUserLevel(authorisedVia) >= powerLevels.Invite
                    ? AuthResult.Allow("the join is authorised by a joined user who may invite")
                    : AuthResult.Deny("the authorising user is not joined or may not invite");
            case JoinRules.Public:
                return AuthResult.Allow("the room is public");
            default:
                return AuthResult.Deny($"joins are not allowed under join rule '{joinRule ?? "(none)"}'");
        }
    }

    private static AuthResult CheckInvite(Pdu pdu, string target, IAuthState state, RoomVersion version)
    {
        var targetMembership = state.GetMembership(target);
        if (pdu.Content.TryGetProperty("third_party_invite", out var thirdPartyInvite))
        {
            return CheckThirdPartyInvite(pdu, target, targetMembership, thirdPartyInvite, state);
        }

        if (state.GetMembership(pdu.Sender) != Membership.Join)
        {
            return AuthResult.Deny("the inviter is not joined to the room");
        }

        if (targetMembership is Membership.Join or Membership.Ban)
        {
            return AuthResult.Deny($"the invitee is already {(targetMembership == Membership.Join ? "joined" : "banned")}");
        }

        var powerLevels = state.GetPowerLevels(version);
        return powerLevels.GetUserLevel(pdu.Sender) >= powerLevels.Invite
            ? AuthResult.Allow("the inviter may invite")
            : AuthResult.Deny("the inviter's power level is below the invite level");
    }

    /// <summary>
    /// Invites from a third-party invite token. The structural checks run as specified, but the final step
    /// (an ed25519 signature in <c>signed</c> verifying with the invite's public key) needs ed25519, which
    /// the BCL lacks, so a well-formed one is rejected as unsupported for now.
    /// </summary>
    private static AuthResult CheckThirdPartyInvite(Pdu pdu, string target, string? targetMembership, JsonElement thirdPartyInvite, IAuthState state)
    {
        if (targetMembership == Membership.Ban)
        {
            return AuthResult.Deny("the invitee is banned");
        }

        if (thirdPartyInvite.ValueKind != JsonValueKind.Object
            || !thirdPartyInvite.TryGetProperty("signed", out var signed)
            || signed.ValueKind != JsonValueKind.Object
            || !signed.TryGetProperty("mxid", out var mxid) || mxid.ValueKind != JsonValueKind.String
            || !signed.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.String)
        {
            return AuthResult.Deny("third_party_invite.signed must contain mxid and token");
        }

        if (!string.Equals(mxid.GetString(), target, StringComparison.Ordinal))
        {
            return AuthResult.Deny("third_party_invite.signed.mxid does not match the state key");
        }

        var invite = state.GetStateEvent(EventTypes.ThirdPartyInvite, token.GetString()!);
        if (invite is null)
        {
            return AuthResult.Deny("no m.room.third_party_invite matches the token");
        }

        if (!string.Equals(invite.Sender, pdu.Sender, StringComparison.Ordinal))
        {
            return AuthResult.Deny("the third-party invite was issued by another user");
        }

        return AuthResult.Deny("third-party invite signatures cannot be verified (unsupported)");
    }

    private static AuthResult CheckLeave(Pdu pdu, string target, IAuthState state, RoomVersion version)
    {
        var targetMembership = state.GetMembership(target);
        if (string.Equals(pdu.Sender, target, StringComparison.Ordinal))
        {
            return targetMembership is Membership.Invite or Membership.Join or Membership.Knock
                ? AuthResult.Allow("the user leaves, rejects an invite or retracts a knock")
                : AuthResult.Deny("the user is not invited, joined or knocking");
        }

        if (state.GetMembership(pdu.Sender) != Membership.Join)
        {
            return AuthResult.Deny("the sender is not joined to the room");
        }

        var powerLevels = state.GetPowerLevels(version);
        var senderLevel = powerLevels.GetUserLevel(pdu.Sender);
        if (targetMembership == Membership.Ban && senderLevel < powerLevels.Ban)
        {
            return AuthResult.Deny("unbanning needs the ban level");
        }

        if (senderLevel < powerLevels.Kick)
        {
            return AuthResult.Deny("the sender's power level is below the kick level");
        }

        return powerLevels.GetUserLevel(target) < senderLevel
            ? AuthResult.Allow(targetMembership == Membership.Ban ? "the sender may unban the user" : "the sender may kick the user")
            : AuthResult.Deny("the target's power level is not below the sender's");
    }

    private static AuthResult CheckBan(Pdu pdu, string target, IAuthState state, RoomVersion version)
    {
        if (state.GetMembership(pdu.Sender) != Membership.Join)
        {
            return AuthResult.Deny("the sender is not joined to the room");
        }

        var powerLevels = state.GetPowerLevels(version);
        var senderLevel = powerLevels.GetUserLevel(pdu.Sender);
        if (senderLevel < powerLevels.Ban)
        {
            return AuthResult.Deny("the sender's power level is below the ban level");
        }

        return powerLevels.GetUserLevel(target) < senderLevel
            ? AuthResult.Allow("the sender may ban the user")
            : AuthResult.Deny("the target's power level is not below the sender's");
    }

    private static AuthResult CheckKnock(Pdu pdu, string target, IAuthState state)
    {
        if (state.GetJoinRule() is not (JoinRules.Knock or JoinRules.KnockRestricted))
        {
            return AuthResult.Deny("the room does not allow knocking");
        }

        if (!string.Equals(pdu.Sender, target, StringComparison.Ordinal))
        {
            return AuthResult.Deny("users can only knock on their own behalf");
        }

        return state.GetMembership(target) is Membership.Ban or Membership.Invite or Membership.Join
            ? AuthResult.Deny("a banned, invited or joined user cannot knock")
            : AuthResult.Allow("the user knocks");
    }
}
