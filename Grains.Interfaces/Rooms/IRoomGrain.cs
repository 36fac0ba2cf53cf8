using System.Text.Json;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>
/// A room (key: the room ID, <c>!opaque:server</c>). The single writer of the room's state and timeline: every
/// event is built as a PDU, checked against the current state with the auth rules (DIGEST §4) and appended to
/// the room's event stream, whose dense sequence is the room's stream position (DIGEST §8 tokens
/// <c>s&lt;position&gt;</c>, see <see cref="RoomStreamToken"/>). Reads apply history visibility (DIGEST §9) for the
/// requesting user and return client-format events (DIGEST §3.1) as JSON.
/// Errors are <see cref="ClawChat.Matrix.Errors.MatrixException"/>: M_NOT_FOUND for a room that does not exist,
/// M_FORBIDDEN for a failed auth rule or a user who may not see what they asked for.
/// </summary>
[Alias("room")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Creates the room with the <c>/createRoom</c> initial events, in one append (DIGEST §5).
    /// Fails with M_UNKNOWN if the room already exists.</summary>
    Task<CreateRoomResult> CreateAsync(CreateRoomCommand command);

    /// <summary>Sends a message (non-state) event; idempotent per (sender, device, txn ID) (DIGEST §3.5).
    /// An <c>m.room.redaction</c> is routed to <see cref="RedactAsync"/> (spec v1.18).</summary>
    Task<SendEventResult> SendEventAsync(SendEventCommand command);

    /// <summary>Sends a state event; sending content identical to the current event by the same sender
    /// returns the existing event ID without creating a new event (DIGEST §3.5 practice).</summary>
    Task<SendEventResult> SendStateEventAsync(SendStateCommand command);

    /// <summary>Join, invite, leave, kick, ban, unban, knock: builds the member event and runs the auth rules.
    /// Repeating one's current membership (already joined, already invited, already banned…) is a no-op that
    /// returns the current member event.</summary>
    Task<SendEventResult> UpdateMembershipAsync(MembershipCommand command);

    /// <summary>Sends an updated join event with the new profile when the user is joined; otherwise nothing.</summary>
    Task<SendEventResult?> UpdateMemberProfileAsync(string userId, string? displayName, string? avatarUrl);

    /// <summary>Redacts an event of this room (DIGEST §3.4); idempotent per (sender, device, txn ID).</summary>
    Task<SendEventResult> RedactAsync(RedactCommand command);

    /// <summary>The user's current membership, or null when they have none. Throws M_NOT_FOUND for an unknown room.</summary>
    [ReadOnly]
    Task<string?> GetMembershipAsync(string userId);

    /// <summary>One event in client format, or M_NOT_FOUND if it is unknown, in another room, or invisible to the user.</summary>
    [ReadOnly]
    Task<JsonElement> GetEventAsync(string userId, string? deviceId, string eventId);

    /// <summary>The whole state visible to the user (current, or as it was when they left).</summary>
    [ReadOnly]
    Task<IReadOnlyList<JsonElement>> GetStateAsync(string userId);

    /// <summary>One state event visible to the user, or null when absent.</summary>
    [ReadOnly]
    Task<JsonElement?> GetStateEventAsync(string userId, string eventType, string stateKey);

    /// <summary><c>GET /rooms/{roomId}/messages</c> (DIGEST §8).</summary>
    [ReadOnly]
    Task<MessagesPage> GetMessagesAsync(MessagesQuery query);

    /// <summary><c>GET /rooms/{roomId}/context/{eventId}</c> (DIGEST §8).</summary>
    [ReadOnly]
    Task<EventContextPage> GetContextAsync(ContextQuery query);

    /// <summary><c>GET /rooms/{roomId}/members</c>: member events at a position, filtered by membership.</summary>
    [ReadOnly]
    Task<IReadOnlyList<JsonElement>> GetMembersAsync(MembersQuery query);

    /// <summary><c>GET /rooms/{roomId}/joined_members</c>; the user must be joined.</summary>
    [ReadOnly]
    Task<IReadOnlyList<JoinedMember>> GetJoinedMembersAsync(string userId);

    /// <summary>The room's current stream position (0 when the room does not exist).</summary>
    [AlwaysInterleave]
    Task<long> GetStreamPositionAsync();
}
