using System.Globalization;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary><c>room_member_count</c>: <c>is</c> is a decimal integer optionally prefixed by <c>==</c>, <c>&lt;</c>,
/// <c>&gt;</c>, <c>&lt;=</c> or <c>&gt;=</c> (no prefix means <c>==</c>), compared with the joined member count.</summary>
internal sealed class RoomMemberCountCondition : PushConditionMatcher
{
    private readonly string _operator;
    private readonly long _count;

    private RoomMemberCountCondition(string op, long count)
    {
        _operator = op;
        _count = count;
    }

    /// <summary>The condition, or null when <paramref name="isValue"/> is malformed (the rule then never matches).</summary>
    public static RoomMemberCountCondition? TryCreate(string? isValue)
    {
        if (string.IsNullOrEmpty(isValue))
        {
            return null;
        }

        var op = isValue switch
        {
            _ when isValue.StartsWith("==", StringComparison.Ordinal) => "==",
            _ when isValue.StartsWith("<=", StringComparison.Ordinal) => "<=",
            _ when isValue.StartsWith(">=", StringComparison.Ordinal) => ">=",
            _ when isValue.StartsWith('<') => "<",
            _ when isValue.StartsWith('>') => ">",
            _ => string.Empty,
        };
        var digits = isValue.AsSpan(op.Length);
        if (digits.IsEmpty || digits.IndexOfAnyExceptInRange('0', '9') >= 0 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }

        return new RoomMemberCountCondition(op.Length == 0 ? "==" : op, count);
    }

    public override bool Matches(PushEventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long members = context.MemberCount;
        return _operator switch
        {
            "==" => members == _count,
            "<" => members < _count,
            ">" => members > _count,
            "<=" => members <= _count,
            ">=" => members >= _count,
            _ => false,
        };
    }
}
