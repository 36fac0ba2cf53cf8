using ClawChat.Grains.Interfaces.Push;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary>An enabled rule ready to evaluate: its conditions (implicit ones for content, room and sender rules)
/// with <c>sender_notification_permission</c> moved last, so power levels are needed only when everything else
/// about the rule already matched.</summary>
internal sealed class CompiledPushRule
{
    public CompiledPushRule(PushRuleKind kind, string ruleId, IReadOnlyList<PushConditionMatcher> conditions, PushActions actions)
    {
        Kind = kind;
        RuleId = ruleId;
        Conditions = [.. conditions.OrderBy(c => c.NeedsPowerLevels ? 1 : 0)];
        Actions = actions;
    }

    public PushRuleKind Kind { get; }

    public string RuleId { get; }

    public IReadOnlyList<PushConditionMatcher> Conditions { get; }

    public PushActions Actions { get; }
}
