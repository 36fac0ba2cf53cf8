using System.Text.Json.Nodes;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary>The wire form of push rules (spec <c>push_rule.yaml</c>, <c>push_ruleset.yaml</c>), shared by
/// <c>GET /pushrules/</c> and the <c>m.push_rules</c> global account data of /sync (whose content is the same
/// <c>{"global": {...}}</c> object).</summary>
public static class PushRulesetJson
{
    /// <summary><c>{"global": {override, content, room, sender, underride}}</c>.</summary>
    public static JsonObject ToAccountData(PushRuleset ruleset) => new() { ["global"] = ToRuleset(ruleset) };

    /// <summary>The ruleset object: every kind present, possibly as an empty array.</summary>
    public static JsonObject ToRuleset(PushRuleset ruleset)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        var result = new JsonObject();
        foreach (var kind in PushRuleKinds.All)
        {
            result[kind.ToWire()] = ToArray(ruleset.Get(kind));
        }

        return result;
    }

    public static JsonArray ToArray(IEnumerable<PushRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var array = new JsonArray();
        foreach (var rule in rules)
        {
            array.Add(ToJson(rule));
        }

        return array;
    }

    /// <summary>One rule: <c>rule_id</c>, <c>default</c>, <c>enabled</c>, <c>actions</c>, and <c>conditions</c> or
    /// <c>pattern</c> when the rule has them.</summary>
    public static JsonObject ToJson(PushRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var json = new JsonObject
        {
            ["rule_id"] = rule.RuleId,
            ["default"] = rule.Default,
            ["enabled"] = rule.Enabled,
            ["actions"] = JsonNode.Parse(rule.Actions.GetRawText()),
        };
        if (rule.Conditions is { } conditions)
        {
            json["conditions"] = JsonNode.Parse(conditions.GetRawText());
        }

        if (rule.Pattern is not null)
        {
            json["pattern"] = rule.Pattern;
        }

        return json;
    }
}
