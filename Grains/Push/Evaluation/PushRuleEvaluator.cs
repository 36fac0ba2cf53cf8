namespace ClawChat.Grains.Push.Evaluation;

/// <summary>
/// Push rule evaluation (DIGEST §15): the rules are tried in order and the first enabled rule whose conditions
/// all hold decides, through its actions, whether the event notifies, highlights and which sound it makes. Pure:
/// no I/O, no clock; the caller supplies everything in <see cref="PushEventContext"/>. The sender never gets
/// notified about their own events; that check belongs to the caller, which knows who the recipient is.
/// </summary>
internal static class PushRuleEvaluator
{
    public static PushEvaluation Evaluate(CompiledPushRules rules, PushEventContext context)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var rule in rules.Rules)
        {
            switch (Match(rule, context))
            {
                case RuleMatch.Yes:
                    return PushEvaluation.Matched(rule);
                case RuleMatch.NeedsPowerLevels:
                    return PushEvaluation.PowerLevelsRequired;
            }
        }

        return PushEvaluation.NoMatch;
    }

    private static RuleMatch Match(CompiledPushRule rule, PushEventContext context)
    {
        foreach (var condition in rule.Conditions)
        {
            if (condition.NeedsPowerLevels && !context.PowerLevelsKnown)
            {
                return RuleMatch.NeedsPowerLevels;
            }

            if (!condition.Matches(context))
            {
                return RuleMatch.No;
            }
        }

        return RuleMatch.Yes;
    }

    private enum RuleMatch
    {
        No,
        Yes,
        NeedsPowerLevels,
    }
}
