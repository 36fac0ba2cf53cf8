namespace ClawChat.Grains.Push.Evaluation;

/// <summary>The implicit condition of <c>room</c> rules (<c>room_id</c> is the rule id) and <c>sender</c> rules
/// (<c>sender</c> is the rule id): exact, case-sensitive equality, since Matrix ids are.</summary>
internal sealed class ExactValueCondition : PushConditionMatcher
{
    private readonly EventPath _path;
    private readonly string _expected;

    public ExactValueCondition(string key, string expected)
    {
        _path = EventPath.Parse(key);
        _expected = expected;
    }

    public override bool Matches(PushEventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PushEventValues.TryGetString(context, _path, out var value) && string.Equals(value, _expected, StringComparison.Ordinal);
    }
}
