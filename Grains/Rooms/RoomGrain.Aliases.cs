using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Identifiers;

namespace ClawChat.Grains.Rooms;

/// <summary><c>m.room.canonical_alias</c> rules (DIGEST §16 room directory): every alias it names must exist and point here.</summary>
public sealed partial class RoomGrain
{
    /// <summary>
    /// Checks a new <c>m.room.canonical_alias</c> content sent through <c>PUT /state</c>: <c>alias</c> (string or
    /// absent) and <c>alt_aliases</c> (array of strings or absent) must be valid aliases (400 M_INVALID_PARAM)
    /// that resolve to this room (400 M_BAD_ALIAS). Aliases are resolved through their alias grains, which never
    /// call a room, so waiting on them cannot deadlock; a remote alias has no local grain and is refused.
    /// </summary>
    private async Task CheckCanonicalAliasAsync(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var aliases = new List<string>();
        if (content.TryGetProperty("alias", out var alias) && alias.ValueKind != JsonValueKind.Null)
        {
            aliases.Add(alias.ValueKind == JsonValueKind.String ? alias.GetString()! : throw MatrixException.InvalidParam("'alias' must be a string."));
        }

        if (content.TryGetProperty("alt_aliases", out var altAliases))
        {
            if (altAliases.ValueKind != JsonValueKind.Array)
            {
                throw MatrixException.InvalidParam("'alt_aliases' must be an array of room aliases.");
            }

            foreach (var item in altAliases.EnumerateArray())
            {
                aliases.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw MatrixException.InvalidParam("'alt_aliases' must be an array of room aliases."));
            }
        }

        foreach (var value in aliases.Distinct(StringComparer.Ordinal))
        {
            if (!RoomAlias.TryParse(value, out _))
            {
                throw MatrixException.InvalidParam($"'{value}' is not a valid room alias.");
            }

            var target = await GrainFactory.GetGrain<IRoomAliasGrain>(value).GetAsync();
            if (!string.Equals(target?.RoomId, _roomId, StringComparison.Ordinal))
            {
                throw new MatrixException(400, MatrixErrorCode.BadAlias, $"Room alias {value} does not point to this room.");
            }
        }
    }

    public async Task<bool> RemoveCanonicalAliasAsync(string sender, string alias)
    {
        EnsureExists();
        if (_state.Get(EventTypes.CanonicalAlias, string.Empty) is not { } current
            || JsonObject.Create(current.Pdu.Content.Clone()) is not { } content)
        {
            return false;
        }

        var changed = false;
        if (content["alias"] is JsonValue main && main.GetValueKind() == JsonValueKind.String && main.GetValue<string>() == alias)
        {
            content.Remove("alias");
            changed = true;
        }

        if (content["alt_aliases"] is JsonArray alternatives)
        {
            for (var i = alternatives.Count - 1; i >= 0; i--)
            {
                if (alternatives[i] is JsonValue item && item.GetValueKind() == JsonValueKind.String && item.GetValue<string>() == alias)
                {
                    alternatives.RemoveAt(i);
                    changed = true;
                }
            }
        }

        if (!changed || _state.GetMembership(sender) != Membership.Join
            || !_state.GetPowerLevels(Version).CanSend(sender, EventTypes.CanonicalAlias, isState: true))
        {
            return false;
        }

        await SendAsync(sender, EventTypes.CanonicalAlias, string.Empty, InitialRoomEvents.Element(content));
        return true;
    }
}
