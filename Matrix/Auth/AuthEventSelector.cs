using System.Text.Json;
using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Auth;

/// <summary>Chooses a new event's <c>auth_events</c> from the current state (DIGEST §4.2, room versions 1–11).</summary>
public static class AuthEventSelector
{
    public static IReadOnlyList<string> Select(PduDraft draft, IAuthState state)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(state);
        if (draft.Type == EventTypes.Create)
        {
            return [];
        }

        var selected = new List<string>(5);
        void Add(Pdu? pdu)
        {
            if (pdu is not null && !selected.Contains(pdu.EventId))
            {
                selected.Add(pdu.EventId);
            }
        }

        Add(state.GetCreateEvent());
        Add(state.GetPowerLevelsEvent());
        Add(state.GetMemberEvent(draft.Sender));

        if (draft.Type == EventTypes.Member && draft.StateKey is { } target)
        {
            Add(state.GetMemberEvent(target));
            var membership = ReadString(draft.Content, "membership");
            if (membership is Membership.Join or Membership.Invite or Membership.Knock)
            {
                Add(state.GetJoinRulesEvent());
            }

            if (membership == Membership.Invite
                && draft.Content.TryGetProperty("third_party_invite", out var thirdParty)
                && thirdParty.ValueKind == JsonValueKind.Object
                && thirdParty.TryGetProperty("signed", out var signed)
                && ReadString(signed, "token") is { } token)
            {
                Add(state.GetStateEvent(EventTypes.ThirdPartyInvite, token));
            }

            if (membership == Membership.Join && ReadString(draft.Content, "join_authorised_via_users_server") is { } authoriser)
            {
                Add(state.GetMemberEvent(authoriser));
            }
        }

        return selected;
    }

    private static string? ReadString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
