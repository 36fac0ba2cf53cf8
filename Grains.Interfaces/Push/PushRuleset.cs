namespace ClawChat.Grains.Interfaces.Push;

/// <summary>A user's effective <c>global</c> ruleset: the server-default rules interleaved with the user's own
/// in evaluation order (DIGEST §15: <c>.m.rule.master</c> first, then the user's override rules, then the other
/// default override rules; user rules before default rules in every other kind).</summary>
/// <param name="Version">Increases on every change of the user's rules; lets caches and /sync notice changes.</param>
public sealed record PushRuleset(
    long Version,
    IReadOnlyList<PushRule> Override,
    IReadOnlyList<PushRule> Content,
    IReadOnlyList<PushRule> Room,
    IReadOnlyList<PushRule> Sender,
    IReadOnlyList<PushRule> Underride)
{
    public IReadOnlyList<PushRule> Get(PushRuleKind kind) => kind switch
    {
        PushRuleKind.Override => Override,
        PushRuleKind.Content => Content,
        PushRuleKind.Room => Room,
        PushRuleKind.Sender => Sender,
        PushRuleKind.Underride => Underride,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown push rule kind."),
    };
}
