using ClawChat.Grains.Interfaces.Push;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary>A user's enabled rules in evaluation order (the ruleset's order: override, content, room, sender,
/// underride, each with the interleaving of <see cref="PushRuleset"/>). Immutable; built once per ruleset version.</summary>
internal sealed class CompiledPushRules
{
    private CompiledPushRules(long version, IReadOnlyList<CompiledPushRule> rules)
    {
        Version = version;
        Rules = rules;
    }

    public long Version { get; }

    public IReadOnlyList<CompiledPushRule> Rules { get; }

    public static CompiledPushRules Compile(PushRuleset ruleset)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        var rules = new List<CompiledPushRule>();
        foreach (var kind in PushRuleKinds.All)
        {
            foreach (var rule in ruleset.Get(kind))
            {
                if (rule.Enabled)
                {
                    rules.Add(new CompiledPushRule(kind, rule.RuleId, Conditions(kind, rule), PushActions.Parse(rule.Actions)));
                }
            }
        }

        return new CompiledPushRules(ruleset.Version, rules);
    }

    /// <summary>Content rules match their pattern on <c>content.body</c>; room and sender rules are keyed by their
    /// rule id (DIGEST §15); override and underride rules carry explicit conditions.</summary>
    private static IReadOnlyList<PushConditionMatcher> Conditions(PushRuleKind kind, PushRule rule) => kind switch
    {
        PushRuleKind.Content => rule.Pattern is { } pattern ? [new EventMatchCondition("content.body", pattern)] : [NeverMatchCondition.Instance],
        PushRuleKind.Room => [new ExactValueCondition("room_id", rule.RuleId)],
        PushRuleKind.Sender => [new ExactValueCondition("sender", rule.RuleId)],
        _ => PushConditionParser.ParseAll(rule.Conditions),
    };
}
