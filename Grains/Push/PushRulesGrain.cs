using System.Text.Json;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Push;

/// <summary>
/// A user's push rules (see <see cref="IPushRulesGrain"/>). The effective ruleset (defaults interleaved with the
/// user's rules, DIGEST §15) is built on first use and after every change, and served from memory; every change
/// bumps <see cref="PushRulesState.Version"/> so the notifications grain and /sync can tell when to re-read it.
/// </summary>
[GrainType("push-rules")]
public sealed class PushRulesGrain : Grain, IPushRulesGrain
{
    private readonly IPersistentState<PushRulesState> _state;
    private readonly PushOptions _options;
    private PushRuleset? _defaults;
    private PushRuleset? _effective;

    public PushRulesGrain([PersistentState("rules")] IPersistentState<PushRulesState> state, IOptions<PushOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _options = options.Value;
    }

    private PushRulesState Rules => _state.State;

    private PushRuleset Defaults => _defaults ??= DefaultPushRules.For(GetPrimaryKeyString());

    public Task<PushRuleset> GetRulesAsync() => Task.FromResult(Effective());

    public Task<PushRuleset?> GetRulesIfChangedAsync(long knownVersion)
    {
        var effective = Effective();
        return Task.FromResult(effective.Version == knownVersion ? null : effective);
    }

    public Task<PushRule?> GetRuleAsync(PushRuleKind kind, string ruleId) =>
        Task.FromResult(Effective().Get(kind).FirstOrDefault(r => r.RuleId == ruleId));

    public async Task PutRuleAsync(PutPushRuleCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        PushRuleValidation.RuleId(command.RuleId);
        PushRuleValidation.Actions(command.Actions);
        var conditions = command.Kind is PushRuleKind.Override or PushRuleKind.Underride ? command.Conditions : null;
        if (conditions is { } given)
        {
            PushRuleValidation.Conditions(given);
        }

        string? pattern = null;
        if (command.Kind == PushRuleKind.Content)
        {
            pattern = command.Pattern ?? throw MatrixException.MissingParam("Content rules need a 'pattern'.");
        }

        var list = new List<StoredPushRule>(UserRules(command.Kind));
        var index = list.FindIndex(r => r.RuleId == command.RuleId);
        var existing = index >= 0 ? list[index] : null;
        if (existing is null && TotalUserRules() >= _options.MaxRulesPerUser)
        {
            throw MatrixException.Unknown($"A user may have at most {_options.MaxRulesPerUser} push rules.", 400);
        }

        // New rules MUST start enabled; an update keeps the rule's enabled flag (spec setPushRule).
        var rule = new StoredPushRule(command.RuleId, existing?.Enabled ?? true, command.Actions.Clone(), conditions?.Clone(), pattern);
        if ((command.Before ?? command.After) is { } anchor)
        {
            if (anchor == command.RuleId)
            {
                throw MatrixException.InvalidParam("A rule cannot be placed relative to itself.");
            }

            if (index >= 0)
            {
                list.RemoveAt(index);
            }

            var anchorIndex = list.FindIndex(r => r.RuleId == anchor);
            if (anchorIndex < 0)
            {
                // The spec's example answer for this case is 400 M_UNKNOWN; server-default rules are never anchors.
                throw MatrixException.Unknown($"before/after rule not found: {anchor}", 400);
            }

            // With both given, "before" decides (spec setPushRule).
            list.Insert(command.Before is not null ? anchorIndex : anchorIndex + 1, rule);
        }
        else if (index >= 0)
        {
            list[index] = rule;
        }
        else
        {
            list.Insert(0, rule);
        }

        SetUserRules(command.Kind, list);
        await SaveAsync();
    }

    public async Task<bool> DeleteRuleAsync(PushRuleKind kind, string ruleId)
    {
        var list = UserRules(kind);
        var index = list.FindIndex(r => r.RuleId == ruleId);
        if (index < 0)
        {
            if (IsDefaultRule(kind, ruleId))
            {
                throw MatrixException.InvalidParam("Server-default push rules cannot be deleted; disable them instead.");
            }

            return false;
        }

        list.RemoveAt(index);
        await SaveAsync();
        return true;
    }

    public async Task<bool> SetRuleEnabledAsync(PushRuleKind kind, string ruleId, bool enabled)
    {
        var list = UserRules(kind);
        var index = list.FindIndex(r => r.RuleId == ruleId);
        if (index >= 0)
        {
            list[index] = list[index] with { Enabled = enabled };
        }
        else if (IsDefaultRule(kind, ruleId))
        {
            var key = DefaultKey(kind, ruleId);
            Rules.Defaults[key] = (Rules.Defaults.GetValueOrDefault(key) ?? new DefaultRuleSettings(null, null)) with { Enabled = enabled };
        }
        else
        {
            return false;
        }

        await SaveAsync();
        return true;
    }

    public async Task<bool> SetRuleActionsAsync(PushRuleKind kind, string ruleId, JsonElement actions)
    {
        PushRuleValidation.Actions(actions);
        var list = UserRules(kind);
        var index = list.FindIndex(r => r.RuleId == ruleId);
        if (index >= 0)
        {
            list[index] = list[index] with { Actions = actions.Clone() };
        }
        else if (IsDefaultRule(kind, ruleId))
        {
            var key = DefaultKey(kind, ruleId);
            Rules.Defaults[key] = (Rules.Defaults.GetValueOrDefault(key) ?? new DefaultRuleSettings(null, null)) with { Actions = actions.Clone() };
        }
        else
        {
            return false;
        }

        await SaveAsync();
        return true;
    }

    private async Task SaveAsync()
    {
        Rules.Version++;
        _effective = null;
        await _state.WriteStateAsync();
    }

    /// <summary>DIGEST §15 order: <c>.m.rule.master</c>, the user's override rules, the other default override
    /// rules; in every other kind the user's rules before the defaults.</summary>
    private PushRuleset Effective()
    {
        if (_effective is not null)
        {
            return _effective;
        }

        var defaults = Defaults;
        var master = defaults.Override.Where(r => r.RuleId == DefaultPushRules.MasterRuleId);
        var otherOverrides = defaults.Override.Where(r => r.RuleId != DefaultPushRules.MasterRuleId);
        _effective = new PushRuleset(
            Rules.Version,
            [.. master.Select(r => Apply(PushRuleKind.Override, r)), .. User(PushRuleKind.Override), .. otherOverrides.Select(r => Apply(PushRuleKind.Override, r))],
            [.. User(PushRuleKind.Content), .. defaults.Content.Select(r => Apply(PushRuleKind.Content, r))],
            [.. User(PushRuleKind.Room), .. defaults.Room.Select(r => Apply(PushRuleKind.Room, r))],
            [.. User(PushRuleKind.Sender), .. defaults.Sender.Select(r => Apply(PushRuleKind.Sender, r))],
            [.. User(PushRuleKind.Underride), .. defaults.Underride.Select(r => Apply(PushRuleKind.Underride, r))]);
        return _effective;
    }

    private IEnumerable<PushRule> User(PushRuleKind kind) =>
        UserRules(kind).Select(r => new PushRule(r.RuleId, false, r.Enabled, r.Actions, r.Conditions, r.Pattern));

    private PushRule Apply(PushRuleKind kind, PushRule rule) =>
        Rules.Defaults.TryGetValue(DefaultKey(kind, rule.RuleId), out var settings)
            ? rule with { Enabled = settings.Enabled ?? rule.Enabled, Actions = settings.Actions ?? rule.Actions }
            : rule;

    private bool IsDefaultRule(PushRuleKind kind, string ruleId) => Defaults.Get(kind).Any(r => r.RuleId == ruleId);

    private static string DefaultKey(PushRuleKind kind, string ruleId) => kind.ToWire() + "/" + ruleId;

    private int TotalUserRules() => PushRuleKinds.All.Sum(k => UserRules(k).Count);

    private List<StoredPushRule> UserRules(PushRuleKind kind) => kind switch
    {
        PushRuleKind.Override => Rules.Override,
        PushRuleKind.Content => Rules.Content,
        PushRuleKind.Room => Rules.Room,
        PushRuleKind.Sender => Rules.Sender,
        _ => Rules.Underride,
    };

    private void SetUserRules(PushRuleKind kind, List<StoredPushRule> rules)
    {
        switch (kind)
        {
            case PushRuleKind.Override:
                Rules.Override = rules;
                break;
            case PushRuleKind.Content:
                Rules.Content = rules;
                break;
            case PushRuleKind.Room:
                Rules.Room = rules;
                break;
            case PushRuleKind.Sender:
                Rules.Sender = rules;
                break;
            default:
                Rules.Underride = rules;
                break;
        }
    }
}
