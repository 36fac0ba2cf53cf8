using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Sync;

/// <summary>
/// What a sync stream knows about one of its user's rooms (in memory): the room's event position it may read
/// through, the room's ephemeral version, and the user's membership with the position of that member event. All
/// merges are monotonic (max, or the newer membership), so notifications may arrive in any order and repeat.
/// </summary>
internal sealed class RoomCursor
{
    /// <summary>Null until the membership is known (an ephemeral notice may arrive before the stream has loaded).</summary>
    public string? Membership { get; set; }

    public long MembershipPosition { get; set; }

    public long Events { get; set; }

    public long Ephemeral { get; set; }

    public bool IsJoined => Membership == Matrix.Events.Membership.Join;

    /// <summary>Takes the newer membership; a non-joined user reads only up to their membership event.</summary>
    public void Merge(string? membership, long membershipPosition, long events)
    {
        if (membership is not null && membershipPosition > MembershipPosition)
        {
            Membership = membership;
            MembershipPosition = membershipPosition;
        }

        Events = Math.Max(Events, IsJoined ? events : MembershipPosition);
    }

    /// <summary>Whether anything moved past <paramref name="mark"/> (null: the room is new to that token).</summary>
    public bool MovedPast(SyncRoomMark? mark) =>
        mark is null || Events > mark.Events || Ephemeral > mark.Ephemeral || MembershipPosition > mark.Events;
}
