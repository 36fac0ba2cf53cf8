using System.Text.Json;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary>The outcome of evaluating a user's rules for one event.</summary>
internal sealed class PushEvaluation
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoTweaks = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    private PushEvaluation(string? ruleId, PushActions? actions, bool needsPowerLevels)
    {
        RuleId = ruleId;
        Actions = actions;
        NeedsPowerLevels = needsPowerLevels;
    }

    /// <summary>No enabled rule matched: nothing happens.</summary>
    public static PushEvaluation NoMatch { get; } = new(null, null, false);

    /// <summary>Evaluation reached a <c>sender_notification_permission</c> condition without known power levels;
    /// evaluate again with <see cref="PushEventContext.PowerLevelsKnown"/> set.</summary>
    public static PushEvaluation PowerLevelsRequired { get; } = new(null, null, true);

    /// <summary>The first enabled rule that matched, or null.</summary>
    public string? RuleId { get; }

    public PushActions? Actions { get; }

    public bool NeedsPowerLevels { get; }

    /// <summary>The event counts as a notification (and is pushed).</summary>
    public bool Notify => Actions?.Notify ?? false;

    /// <summary>A notification that also highlights (counts toward <c>highlight_count</c>).</summary>
    public bool Highlight => Notify && Actions!.Highlight;

    public IReadOnlyDictionary<string, JsonElement> Tweaks => Actions?.Tweaks ?? NoTweaks;

    public static PushEvaluation Matched(CompiledPushRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new PushEvaluation(rule.RuleId, rule.Actions, false);
    }
}
