using System.Text.Json;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary>
/// A user's push rules (key: the user id): the spec's server-default rules with the user's changes to their
/// <c>enabled</c> flag and <c>actions</c>, plus the user's own rules (DIGEST §15, spec pushrules.yaml).
/// Errors are <see cref="ClawChat.Matrix.Errors.MatrixException"/>: 400 M_INVALID_PARAM for a bad rule id,
/// actions or conditions, M_MISSING_PARAM for a content rule without pattern, 400 M_UNKNOWN for a
/// <c>before</c>/<c>after</c> rule that does not exist (the spec's example), M_INVALID_PARAM when deleting a
/// server-default rule. Lookups of absent rules return null/false (the API answers 404 M_NOT_FOUND).
/// </summary>
[Alias("clawchat.IPushRulesGrain")]
public interface IPushRulesGrain : IGrainWithStringKey
{
    /// <summary>The effective ruleset, as <c>GET /pushrules/</c> and the <c>m.push_rules</c> account data show it.</summary>
    [ReadOnly]
    Task<PushRuleset> GetRulesAsync();

    /// <summary>The ruleset when its version differs from <paramref name="knownVersion"/>, else null (cheap cache check).</summary>
    [ReadOnly]
    Task<PushRuleset?> GetRulesIfChangedAsync(long knownVersion);

    /// <summary>One rule, or null when the kind has no rule with this id.</summary>
    [ReadOnly]
    Task<PushRule?> GetRuleAsync(PushRuleKind kind, string ruleId);

    /// <summary>Creates or updates a user rule (new rules are enabled and, without before/after, the most important user rule of their kind).</summary>
    Task PutRuleAsync(PutPushRuleCommand command);

    /// <summary>Deletes a user rule; false when there is none with this id.</summary>
    Task<bool> DeleteRuleAsync(PushRuleKind kind, string ruleId);

    /// <summary>Enables or disables a rule (user or server-default); false when there is none with this id.</summary>
    Task<bool> SetRuleEnabledAsync(PushRuleKind kind, string ruleId, bool enabled);

    /// <summary>Replaces a rule's actions (user or server-default); false when there is none with this id.</summary>
    Task<bool> SetRuleActionsAsync(PushRuleKind kind, string ruleId, JsonElement actions);
}
