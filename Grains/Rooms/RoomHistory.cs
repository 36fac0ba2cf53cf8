using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// Membership and history-visibility changes over the room's stream, the inputs of history visibility
/// (DIGEST §9). Both are step functions of the position, so what a user may see is a short list of position
/// ranges, computed per request in O(number of changes) and used to page through the event store without
/// reading events the user cannot see.
/// </summary>
internal sealed class RoomHistory
{
    private static readonly List<MembershipMark> NoMarks = [];

    private readonly Dictionary<string, List<MembershipMark>> _memberships;
    private readonly List<VisibilityMark> _visibility;

    public RoomHistory(Dictionary<string, List<MembershipMark>>? memberships = null, List<VisibilityMark>? visibility = null)
    {
        _memberships = memberships is null
            ? new(StringComparer.Ordinal)
            : memberships.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal);
        _visibility = visibility?.ToList() ?? [];
    }

    public Dictionary<string, List<MembershipMark>> SnapshotMemberships() =>
        _memberships.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal);

    public List<VisibilityMark> SnapshotVisibility() => [.. _visibility];

    /// <summary>Records a change at <paramref name="position"/>; replays of already recorded positions are ignored.</summary>
    public void RecordMembership(string userId, long position, string membership)
    {
        if (!_memberships.TryGetValue(userId, out var marks))
        {
            marks = [];
            _memberships.Add(userId, marks);
        }

        if (marks.Count == 0 || marks[^1].Position < position)
        {
            marks.Add(new MembershipMark(position, membership));
        }
    }

    public void RecordVisibility(long position, string? value)
    {
        if (_visibility.Count == 0 || _visibility[^1].Position < position)
        {
            _visibility.Add(new VisibilityMark(position, HistoryVisibility.Normalize(value)));
        }
    }

    /// <summary>The user's membership after the event at <paramref name="position"/> (null: none).</summary>
    public string? MembershipAt(string userId, long position)
    {
        var marks = Marks(userId);
        string? membership = null;
        foreach (var mark in marks)
        {
            if (mark.Position > position)
            {
                break;
            }

            membership = mark.Membership;
        }

        return membership;
    }

    /// <summary>History visibility after the event at <paramref name="position"/>.</summary>
    public string VisibilityAt(long position)
    {
        var value = HistoryVisibility.Shared;
        foreach (var mark in _visibility)
        {
            if (mark.Position > position)
            {
                break;
            }

            value = mark.Value;
        }

        return value;
    }

    public bool HasMembership(string userId) => Marks(userId).Count > 0;

    /// <summary>The position of the user's last membership change to one of <paramref name="memberships"/>, or null.</summary>
    public long? LastChangeTo(string userId, params ReadOnlySpan<string> memberships)
    {
        var marks = Marks(userId);
        for (var i = marks.Count - 1; i >= 0; i--)
        {
            if (memberships.Contains(marks[i].Membership))
            {
                return marks[i].Position;
            }
        }

        return null;
    }

    public bool IsVisible(string userId, long position, long head)
    {
        foreach (var range in VisibleRanges(userId, head))
        {
            if (position >= range.From && position <= range.To)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The positions 1..<paramref name="head"/> whose events <paramref name="userId"/> may see, ascending and merged.
    /// Per event (DIGEST §9), using the state at (before) the event: world_readable → yes; the user was joined → yes;
    /// shared and the user joined at some point after → yes; invited and the user was invited → yes; else no.
    /// The history-visibility event itself is visible if the old or the new value allows it; the user's own member
    /// events are visible if the membership before or after allows it. Between two changes nothing varies, so
    /// each gap between change positions is decided once.
    /// </summary>
    public List<VisibleRange> VisibleRanges(string userId, long head)
    {
        var ranges = new List<VisibleRange>();
        if (head <= 0)
        {
            return ranges;
        }

        var marks = Marks(userId);
        long lastJoin = 0;
        foreach (var mark in marks)
        {
            if (mark.Membership == Membership.Join)
            {
                lastJoin = mark.Position;
            }
        }

        string visibility = HistoryVisibility.Shared;
        string? membership = null;
        long segmentStart = 1;
        int m = 0, v = 0;
        while (true)
        {
            var nextMember = m < marks.Count ? marks[m].Position : long.MaxValue;
            var nextVisibility = v < _visibility.Count ? _visibility[v].Position : long.MaxValue;
            var breakpoint = Math.Min(nextMember, nextVisibility);
            if (breakpoint > head)
            {
                if (segmentStart <= head && Allowed(visibility, membership, lastJoin >= segmentStart))
                {
                    Add(ranges, segmentStart, head);
                }

                return ranges;
            }

            if (breakpoint > segmentStart && Allowed(visibility, membership, lastJoin >= segmentStart))
            {
                Add(ranges, segmentStart, breakpoint - 1);
            }

            var visibilityAfter = visibility;
            var membershipAfter = membership;
            if (breakpoint == nextMember)
            {
                membershipAfter = marks[m++].Membership;
            }
            else
            {
                visibilityAfter = _visibility[v++].Value;
            }

            var joinedLater = lastJoin >= breakpoint;
            if (Allowed(visibility, membership, joinedLater) || Allowed(visibilityAfter, membershipAfter, joinedLater))
            {
                Add(ranges, breakpoint, breakpoint);
            }

            visibility = visibilityAfter;
            membership = membershipAfter;
            segmentStart = breakpoint + 1;
        }
    }

    private static bool Allowed(string visibility, string? membership, bool joinedLater) =>
        visibility == HistoryVisibility.WorldReadable
        || membership == Membership.Join
        || (visibility == HistoryVisibility.Shared && joinedLater)
        || (visibility == HistoryVisibility.Invited && membership == Membership.Invite);

    private static void Add(List<VisibleRange> ranges, long from, long to)
    {
        if (ranges.Count > 0 && ranges[^1].To + 1 >= from)
        {
            ranges[^1] = new VisibleRange(ranges[^1].From, Math.Max(ranges[^1].To, to));
        }
        else
        {
            ranges.Add(new VisibleRange(from, to));
        }
    }

    private List<MembershipMark> Marks(string userId) => _memberships.TryGetValue(userId, out var marks) ? marks : NoMarks;
}
