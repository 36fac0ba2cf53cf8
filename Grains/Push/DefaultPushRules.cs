using System.Text.Json;
using ClawChat.Grains.Interfaces.Push;

namespace ClawChat.Grains.Push;

/// <summary>
/// The spec's server-default push rules (DIGEST §15; the v1.19 JSON compiled into this assembly from
/// <c>Resources/default-push-rules.json</c>, Apache-2.0, see <c>Resources/NOTICE.md</c>), materialised for one
/// user by putting their id where the spec writes <c>[the user's Matrix ID]</c>.
/// </summary>
internal static class DefaultPushRules
{
    /// <summary>The rule evaluated before everything else, user override rules included (disabled by default).</summary>
    public const string MasterRuleId = ".m.rule.master";

    private const string ResourceName = "ClawChat.Grains.Push.default-push-rules.json";
    private const string UserIdPlaceholder = "[the user's Matrix ID]";

    private static readonly string Template = LoadTemplate();

    /// <summary>The default rules for <paramref name="userId"/> as a version-0 ruleset, in the spec's order.</summary>
    public static PushRuleset For(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        // The placeholder sits inside JSON strings, so the id goes in JSON-escaped.
        var json = Template.Replace(UserIdPlaceholder, JsonEncodedText.Encode(userId).ToString(), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var global = document.RootElement.GetProperty("global");
        return new PushRuleset(
            0,
            Read(global, PushRuleKind.Override),
            Read(global, PushRuleKind.Content),
            Read(global, PushRuleKind.Room),
            Read(global, PushRuleKind.Sender),
            Read(global, PushRuleKind.Underride));
    }

    private static List<PushRule> Read(JsonElement global, PushRuleKind kind)
    {
        var rules = new List<PushRule>();
        if (!global.TryGetProperty(kind.ToWire(), out var array))
        {
            return rules;
        }

        foreach (var rule in array.EnumerateArray())
        {
            rules.Add(new PushRule(
                rule.GetProperty("rule_id").GetString()!,
                Default: true,
                Enabled: rule.GetProperty("enabled").GetBoolean(),
                Actions: Compact(rule.GetProperty("actions")),
                Conditions: rule.TryGetProperty("conditions", out var conditions) ? Compact(conditions) : null,
                Pattern: rule.TryGetProperty("pattern", out var pattern) ? pattern.GetString() : null));
        }

        return rules;
    }

    /// <summary>Without the file's indentation, so default rules look like rules clients stored.</summary>
    private static JsonElement Compact(JsonElement element) => JsonSerializer.SerializeToElement(element);

    private static string LoadTemplate()
    {
        using var stream = typeof(DefaultPushRules).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from {typeof(DefaultPushRules).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
