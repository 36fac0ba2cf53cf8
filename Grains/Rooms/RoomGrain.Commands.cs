using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Json;

namespace ClawChat.Grains.Rooms;

/// <summary>Sending events, state, membership changes and redactions.</summary>
public sealed partial class RoomGrain
{
    public async Task<SendEventResult> SendEventAsync(SendEventCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureExists();
        if (FindTransaction(command.Sender, command.DeviceId, command.TxnId) is { } existing)
        {
            return existing;
        }

        // Since v1.18 clients may redact through /send (DIGEST §3.4).
        if (command.Type == EventTypes.Redaction)
        {
            var target = command.Content.ValueKind == JsonValueKind.Object
                && command.Content.TryGetProperty("redacts", out var redacts)
                && redacts.ValueKind == JsonValueKind.String
                    ? redacts.GetString()!
                    : throw MatrixException.BadJson("'redacts' is required in the content of m.room.redaction.");
            return await RedactCoreAsync(command.Sender, command.DeviceId, command.TxnId, target, command.Content);
        }

        CheckNewRelation(command.Sender, command.Type, command.Content); // RoomGrain.Relations.cs
        var entry = await SendAsync(command.Sender, command.Type, null, command.Content, txnDeviceId: command.DeviceId, txnId: command.TxnId);
        return new SendEventResult(entry.EventId, entry.Position);
    }

    public async Task<SendEventResult> SendStateEventAsync(SendStateCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureExists();
        if (command.Type == EventTypes.PowerLevels && PowerLevels.Validate(command.Content, Version) is { } error)
        {
            throw MatrixException.BadJson($"Invalid power levels: {error}.");
        }

        if (command.Type == EventTypes.Member && (command.Content.ValueKind != JsonValueKind.Object
            || !command.Content.TryGetProperty("membership", out var membership) || membership.ValueKind != JsonValueKind.String))
        {
            throw MatrixException.BadJson("m.room.member content needs a string 'membership'.");
        }

        if (command.Type == EventTypes.Create)
        {
            throw MatrixException.Forbidden("m.room.create cannot be sent to an existing room.");
        }

        if (command.Type == EventTypes.CanonicalAlias)
        {
            await CheckCanonicalAliasAsync(command.Content); // RoomGrain.Aliases.cs
        }

        // Identical state from the same sender: return the current event (DIGEST §3.5 practice).
        if (_state.Get(command.Type, command.StateKey) is { } current
            && string.Equals(current.Pdu.Sender, command.Sender, StringComparison.Ordinal)
            && SameJson(current.Pdu.Content, command.Content))
        {
            return new SendEventResult(current.EventId, current.Position);
        }

        var entry = await SendAsync(command.Sender, command.Type, command.StateKey, command.Content);
        return new SendEventResult(entry.EventId, entry.Position);
    }

    public async Task<SendEventResult> UpdateMembershipAsync(MembershipCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureExists();
        var current = _state.Get(EventTypes.Member, command.Target);
        var currentMembership = current?.Pdu.GetContentString("membership");
        SendEventResult? Unchanged() => current is null ? null : new SendEventResult(current.EventId, current.Position);

        // Repeating the current membership is a no-op (DIGEST §16: joining a room already joined = 200).
        string membership;
        switch (command.Action)
        {
            case MembershipAction.Join:
                if (currentMembership == Membership.Join && Unchanged() is { } joined)
                {
                    return joined;
                }

                membership = Membership.Join;
                break;
            case MembershipAction.Invite:
                if (currentMembership == Membership.Invite && Unchanged() is { } invited)
                {
                    return invited;
                }

                membership = Membership.Invite;
                break;
            case MembershipAction.Leave:
                if (currentMembership is null)
                {
                    throw MatrixException.Forbidden("You are not a member of this room.");
                }

                if (currentMembership is Membership.Leave or Membership.Ban && Unchanged() is { } left)
                {
                    return left;
                }

                membership = Membership.Leave;
                break;
            case MembershipAction.Kick:
                if (currentMembership is not (Membership.Join or Membership.Invite or Membership.Knock))
                {
                    throw MatrixException.Forbidden("The user is not in the room.");
                }

                membership = Membership.Leave;
                break;
            case MembershipAction.Ban:
                if (currentMembership == Membership.Ban && Unchanged() is { } banned)
                {
                    return banned;
                }

                membership = Membership.Ban;
                break;
            case MembershipAction.Unban:
                if (currentMembership != Membership.Ban)
                {
                    throw MatrixException.BadState("The user is not banned.");
                }

                membership = Membership.Leave;
                break;
            case MembershipAction.Knock:
                membership = Membership.Knock;
                break;
            default:
                throw MatrixException.BadJson("Unknown membership action.");
        }

        var content = membership is Membership.Join or Membership.Knock
            ? InitialRoomEvents.MemberContent(membership, command.DisplayName, command.AvatarUrl, command.Reason)
            : InitialRoomEvents.MemberContent(membership, null, null, command.Reason);
        if (command.IsDirect && membership == Membership.Invite)
        {
            content["is_direct"] = true;
        }

        var entry = await SendAsync(command.Sender, EventTypes.Member, command.Target, InitialRoomEvents.Element(content));
        return new SendEventResult(entry.EventId, entry.Position);
    }

    public async Task<SendEventResult?> UpdateMemberProfileAsync(string userId, string? displayName, string? avatarUrl)
    {
        if (!Exists || _state.Get(EventTypes.Member, userId) is not { } current || current.Pdu.GetContentString("membership") != Membership.Join)
        {
            return null;
        }

        // Keep whatever else the join carried; replace the profile fields (DIGEST §16 profiles).
        var content = JsonObject.Create(current.Pdu.Content.Clone()) ?? [];
        content.Remove("reason");
        SetOrRemove(content, "displayname", displayName);
        SetOrRemove(content, "avatar_url", avatarUrl);
        var element = InitialRoomEvents.Element(content);
        if (SameJson(element, current.Pdu.Content))
        {
            return new SendEventResult(current.EventId, current.Position);
        }

        var entry = await SendAsync(userId, EventTypes.Member, userId, element);
        return new SendEventResult(entry.EventId, entry.Position);
    }

    public Task<SendEventResult> RedactAsync(RedactCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureExists();
        if (FindTransaction(command.Sender, command.DeviceId, command.TxnId) is { } existing)
        {
            return Task.FromResult(existing);
        }

        var content = new JsonObject();
        if (command.Reason is not null)
        {
            content["reason"] = command.Reason;
        }

        return RedactCoreAsync(command.Sender, command.DeviceId, command.TxnId, command.TargetEventId, InitialRoomEvents.Element(content));
    }

    /// <summary>
    /// Redaction for a local user (DIGEST §3.4, C-S practice): the target must be an event of this room; one's own
    /// events can always be redacted, others' need the <c>redact</c> level (403 otherwise). The auth rules then
    /// check the redaction like any event (the sender must be joined and have the level for m.room.redaction).
    /// </summary>
    private async Task<SendEventResult> RedactCoreAsync(string sender, string deviceId, string txnId, string targetEventId, JsonElement content)
    {
        var target = await LoadEntryAsync(targetEventId) ?? throw MatrixException.NotFound("Event not found.");
        if (!RedactionRules.MayRedact(sender, target.Pdu, _state.GetPowerLevels(Version)))
        {
            throw MatrixException.Forbidden("You may not redact this event.");
        }

        var entry = await SendAsync(sender, EventTypes.Redaction, null, content, redacts: targetEventId, txnDeviceId: deviceId, txnId: txnId);
        return new SendEventResult(entry.EventId, entry.Position);
    }

    private static void SetOrRemove(JsonObject content, string name, string? value)
    {
        if (value is null)
        {
            content.Remove(name);
        }
        else
        {
            content[name] = value;
        }
    }

    private static bool SameJson(JsonElement a, JsonElement b)
    {
        try
        {
            return CanonicalJson.Encode(a).AsSpan().SequenceEqual(CanonicalJson.Encode(b));
        }
        catch (CanonicalJsonException)
        {
            return false;
        }
    }
}
