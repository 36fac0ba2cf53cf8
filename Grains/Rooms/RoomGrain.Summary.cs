using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>Room summaries for the room directory, the user directory and space hierarchies (DIGEST §16), from the
/// current state only.</summary>
public sealed partial class RoomGrain : IRoomSummaryGrain
{
    private const string SpaceRoomType = "m.space";
    private const string SpaceChildType = "m.space.child";

    public Task<RoomDirectorySummary?> GetSummaryAsync() => Task.FromResult(Exists ? DirectorySummary() : null);

    public Task<SpaceRoomEntry?> GetSpaceEntryAsync(string userId)
    {
        if (!Exists)
        {
            return Task.FromResult<SpaceRoomEntry?>(null);
        }

        var summary = DirectorySummary();
        IReadOnlyList<JsonElement> children = summary.RoomType == SpaceRoomType
            ? [.. _state.Entries
                .Where(e => e.Pdu.Type == SpaceChildType && HasVia(e.Pdu.Content))
                .OrderBy(e => e.Position)
                .Select(e => StrippedWithTimestamp(e.Pdu))]
            : [];
        return Task.FromResult<SpaceRoomEntry?>(new SpaceRoomEntry(summary, _state.GetMembership(userId), children));
    }

    public Task<IReadOnlyList<JoinedMember>> GetDirectoryMembersAsync(string userId)
    {
        IReadOnlyList<JoinedMember> members = [];
        if (Exists && (_state.GetMembership(userId) == Membership.Join || _state.GetJoinRule() == JoinRules.Public || IsWorldReadable()))
        {
            members = [.. _state.Members()
                .Where(m => m.Pdu.GetContentString("membership") == Membership.Join)
                .Select(m => new JoinedMember(m.Pdu.StateKey!, m.Pdu.GetContentString("displayname"), m.Pdu.GetContentString("avatar_url")))];
        }

        return Task.FromResult(members);
    }

    public Task<bool> CanSendStateAsync(string userId, string eventType) =>
        Task.FromResult(Exists
            && _state.GetMembership(userId) == Membership.Join
            && _state.GetPowerLevels(Version).CanSend(userId, eventType, isState: true));

    private bool IsWorldReadable() =>
        HistoryVisibility.Normalize(_state.GetStateEvent(EventTypes.HistoryVisibility, string.Empty)?.GetContentString("history_visibility")) == HistoryVisibility.WorldReadable;

    private RoomDirectorySummary DirectorySummary()
    {
        string? Text(string type, string key) => _state.GetStateEvent(type, string.Empty)?.GetContentString(key) is { Length: > 0 } value ? value : null;

        var allowed = new List<string>();
        if (_state.GetJoinRulesEvent()?.Content is { ValueKind: JsonValueKind.Object } joinRules
            && joinRules.TryGetProperty("allow", out var allow) && allow.ValueKind == JsonValueKind.Array)
        {
            foreach (var condition in allow.EnumerateArray())
            {
                if (condition.ValueKind == JsonValueKind.Object
                    && condition.TryGetProperty("room_id", out var roomId) && roomId.ValueKind == JsonValueKind.String)
                {
                    allowed.Add(roomId.GetString()!);
                }
            }
        }

        return new RoomDirectorySummary(
            _roomId,
            Text(EventTypes.Name, "name"),
            Text(EventTypes.Topic, "topic"),
            Text(EventTypes.Avatar, "url"),
            Text(EventTypes.CanonicalAlias, "alias"),
            _state.Members().Count(m => m.Pdu.GetContentString("membership") == Membership.Join),
            IsWorldReadable(),
            Text(EventTypes.GuestAccess, "guest_access") == "can_join",
            _state.GetJoinRule(),
            Text(EventTypes.Create, "type"),
            Version.Id,
            Text(EventTypes.Encryption, "algorithm"),
            allowed);
    }

    /// <summary>An <c>m.space.child</c> only counts when its content has a non-empty <c>via</c> (spec m.space.child).</summary>
    private static bool HasVia(JsonElement content) =>
        content.ValueKind == JsonValueKind.Object
        && content.TryGetProperty("via", out var via)
        && via.ValueKind == JsonValueKind.Array
        && via.GetArrayLength() > 0;

    private static JsonElement StrippedWithTimestamp(Pdu pdu) => JsonElementBuilder.Build(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", pdu.Type);
        writer.WriteString("state_key", pdu.StateKey);
        writer.WritePropertyName("content");
        pdu.Content.WriteTo(writer);
        writer.WriteString("sender", pdu.Sender);
        writer.WriteNumber("origin_server_ts", pdu.OriginServerTs);
        writer.WriteEndObject();
    });
}
