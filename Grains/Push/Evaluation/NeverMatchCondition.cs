namespace ClawChat.Grains.Push.Evaluation;

/// <summary>A condition of an unknown kind, or a known kind with missing or malformed fields: the spec says
/// unrecognised conditions MUST NOT match, which disables the rule without rejecting it.</summary>
internal sealed class NeverMatchCondition : PushConditionMatcher
{
    public static NeverMatchCondition Instance { get; } = new();

    private NeverMatchCondition()
    {
    }

    public override bool Matches(PushEventContext context) => false;
}
