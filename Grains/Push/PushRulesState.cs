namespace ClawChat.Grains.Push;

/// <summary>Persisted state of <see cref="PushRulesGrain"/>: the user's own rules per kind, most important first,
/// and their changes to server-default rules (key <c>kind/rule_id</c>). The default rules themselves are not
/// stored: they come from the spec file of the running version.</summary>
public sealed class PushRulesState
{
    public long Version { get; set; }

    public List<StoredPushRule> Override { get; set; } = [];

    public List<StoredPushRule> Content { get; set; } = [];

    public List<StoredPushRule> Room { get; set; } = [];

    public List<StoredPushRule> Sender { get; set; } = [];

    public List<StoredPushRule> Underride { get; set; } = [];

    public Dictionary<string, DefaultRuleSettings> Defaults { get; set; } = new(StringComparer.Ordinal);
}
