using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// The events of <c>/createRoom</c>, in the order the spec requires (DIGEST §5): create, the creator's join,
/// power levels, canonical alias, preset events (join rules, history visibility, guest access), initial_state,
/// name, topic, invites. initial_state overrides preset events of the same (type, state_key); name and topic
/// override initial_state.
/// </summary>
internal static class InitialRoomEvents
{
    public static List<StateEventInput> Build(CreateRoomCommand command, RoomVersion version)
    {
        var events = new List<StateEventInput>();
        var initial = command.InitialState
            .Where(e => !(e.Type is EventTypes.Name && command.Name is not null) && !(e.Type is EventTypes.Topic && command.Topic is not null))
            .ToList();
        bool InInitialState(string type) => initial.Any(e => e.Type == type && e.StateKey.Length == 0);

        // (1) m.room.create: creation_content + room_version (+ creator before v11, DIGEST §3.3).
        var create = command.CreationContent is { ValueKind: JsonValueKind.Object } creationContent
            ? JsonObject.Create(creationContent.Clone())!
            : [];
        create["room_version"] = version.Id;
        if (version.UsesCreatorField)
        {
            create["creator"] = command.Creator;
        }
        else
        {
            create.Remove("creator");
        }

        events.Add(new StateEventInput(EventTypes.Create, string.Empty, Element(create)));

        // (2) the creator joins.
        events.Add(new StateEventInput(EventTypes.Member, command.Creator, Element(MemberContent(Membership.Join, command.CreatorDisplayName, command.CreatorAvatarUrl))));

        // (3) power levels: initial_state's, else the defaults; then the override on top (top-level keys replace).
        var powerLevels = initial.FirstOrDefault(e => e.Type == EventTypes.PowerLevels && e.StateKey.Length == 0) is { } givenPowerLevels
            ? JsonObject.Create(givenPowerLevels.Content.Clone())!
            : DefaultPowerLevels(command);
        if (command.PowerLevelContentOverride is { ValueKind: JsonValueKind.Object } plOverride)
        {
            foreach (var property in plOverride.EnumerateObject())
            {
                powerLevels[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        var powerLevelsElement = Element(powerLevels);
        if (PowerLevels.Validate(powerLevelsElement, version) is { } plError)
        {
            throw MatrixException.BadJson($"Invalid power levels: {plError}.");
        }

        events.Add(new StateEventInput(EventTypes.PowerLevels, string.Empty, powerLevelsElement));

        // (4) canonical alias.
        if (command.CanonicalAlias is not null)
        {
            events.Add(new StateEventInput(EventTypes.CanonicalAlias, string.Empty, Element(new JsonObject { ["alias"] = command.CanonicalAlias })));
        }

        // (5) preset events, unless initial_state sets them.
        var isPublic = command.Preset == RoomPresets.PublicChat;
        if (!InInitialState(EventTypes.JoinRules))
        {
            events.Add(new StateEventInput(EventTypes.JoinRules, string.Empty, Element(new JsonObject { ["join_rule"] = isPublic ? JoinRules.Public : JoinRules.Invite })));
        }

        if (!InInitialState(EventTypes.HistoryVisibility))
        {
            events.Add(new StateEventInput(EventTypes.HistoryVisibility, string.Empty, Element(new JsonObject { ["history_visibility"] = HistoryVisibility.Shared })));
        }

        if (!InInitialState(EventTypes.GuestAccess))
        {
            events.Add(new StateEventInput(EventTypes.GuestAccess, string.Empty, Element(new JsonObject { ["guest_access"] = isPublic ? "forbidden" : "can_join" })));
        }

        // (6) initial_state in order (power levels were sent at step 3).
        events.AddRange(initial.Where(e => !(e.Type == EventTypes.PowerLevels && e.StateKey.Length == 0)));

        // (7) name and topic.
        if (command.Name is not null)
        {
            events.Add(new StateEventInput(EventTypes.Name, string.Empty, Element(new JsonObject { ["name"] = command.Name })));
        }

        if (command.Topic is not null)
        {
            var topic = new JsonObject
            {
                ["topic"] = command.Topic,
                ["m.topic"] = new JsonObject { ["m.text"] = new JsonArray(new JsonObject { ["body"] = command.Topic, ["mimetype"] = "text/plain" }) },
            };
            events.Add(new StateEventInput(EventTypes.Topic, string.Empty, Element(topic)));
        }

        // (8) invites.
        foreach (var invitee in Invitees(command))
        {
            var invite = MemberContent(Membership.Invite, null, null);
            if (command.IsDirect)
            {
                invite["is_direct"] = true;
            }

            events.Add(new StateEventInput(EventTypes.Member, invitee, Element(invite)));
        }

        return events;
    }

    public static IEnumerable<string> Invitees(CreateRoomCommand command) =>
        command.Invite.Where(i => !string.Equals(i, command.Creator, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal);

    public static JsonObject MemberContent(string membership, string? displayName, string? avatarUrl, string? reason = null)
    {
        var content = new JsonObject { ["membership"] = membership };
        if (displayName is not null)
        {
            content["displayname"] = displayName;
        }

        if (avatarUrl is not null)
        {
            content["avatar_url"] = avatarUrl;
        }

        if (reason is not null)
        {
            content["reason"] = reason;
        }

        return content;
    }

    public static JsonElement Element(JsonObject content) => JsonSerializer.SerializeToElement(content);

    /// <summary>Default power levels (DIGEST §5, mainstream practice): the creator at 100, private presets let
    /// anyone invite, trusted_private_chat gives invitees the creator's level.</summary>
    private static JsonObject DefaultPowerLevels(CreateRoomCommand command)
    {
        var users = new JsonObject { [command.Creator] = 100 };
        if (command.Preset == RoomPresets.TrustedPrivateChat)
        {
            foreach (var invitee in Invitees(command))
            {
                users[invitee] = 100;
            }
        }

        return new JsonObject
        {
            ["users"] = users,
            ["users_default"] = 0,
            ["events"] = new JsonObject
            {
                [EventTypes.Name] = 50,
                [EventTypes.PowerLevels] = 100,
                [EventTypes.HistoryVisibility] = 100,
                [EventTypes.CanonicalAlias] = 50,
                [EventTypes.Avatar] = 50,
                [EventTypes.Tombstone] = 100,
                [EventTypes.ServerAcl] = 100,
                [EventTypes.Encryption] = 100,
            },
            ["events_default"] = 0,
            ["state_default"] = 50,
            ["ban"] = 50,
            ["kick"] = 50,
            ["redact"] = 50,
            ["invite"] = command.Preset == RoomPresets.PublicChat ? 50 : 0,
        };
    }
}
