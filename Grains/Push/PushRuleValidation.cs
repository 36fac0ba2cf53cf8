using System.Text.Json;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Push;

/// <summary>Checks of user-supplied rule parts (spec pushrules.yaml; DIGEST §15).</summary>
internal static class PushRuleValidation
{
    /// <summary>Rule ids starting with "." are reserved for server-default rules; "/" and "\" are not allowed.</summary>
    public static void RuleId(string ruleId)
    {
        if (string.IsNullOrEmpty(ruleId))
        {
            throw MatrixException.InvalidParam("The rule id must not be empty.");
        }

        if (ruleId.StartsWith('.'))
        {
            throw MatrixException.InvalidParam("Rule ids starting with '.' are reserved for server-default rules.");
        }

        if (ruleId.Contains('/', StringComparison.Ordinal) || ruleId.Contains('\\', StringComparison.Ordinal)
            || ruleId.Contains("%2F", StringComparison.OrdinalIgnoreCase) || ruleId.Contains("%5C", StringComparison.OrdinalIgnoreCase))
        {
            throw MatrixException.InvalidParam("Rule ids must not contain '/' or '\\'.");
        }
    }

    /// <summary>An array of <c>notify</c>, the legacy <c>dont_notify</c>/<c>coalesce</c> (accepted, never rejected),
    /// and <c>{"set_tweak": name, "value"?: …}</c> objects.</summary>
    public static void Actions(JsonElement actions)
    {
        if (actions.ValueKind != JsonValueKind.Array)
        {
            throw MatrixException.BadJson("'actions' must be an array.");
        }

        foreach (var action in actions.EnumerateArray())
        {
            var valid = action.ValueKind switch
            {
                JsonValueKind.String => action.GetString() is "notify" or "dont_notify" or "coalesce",
                JsonValueKind.Object => action.TryGetProperty("set_tweak", out var tweak) && tweak.ValueKind == JsonValueKind.String,
                _ => false,
            };
            if (!valid)
            {
                throw MatrixException.InvalidParam($"Unrecognised push rule action: {Describe(action)}.");
            }
        }
    }

    /// <summary>An array of objects with a string <c>kind</c>; conditions of unknown kinds are kept (they never match).</summary>
    public static void Conditions(JsonElement conditions)
    {
        if (conditions.ValueKind != JsonValueKind.Array)
        {
            throw MatrixException.BadJson("'conditions' must be an array.");
        }

        foreach (var condition in conditions.EnumerateArray())
        {
            if (condition.ValueKind != JsonValueKind.Object
                || !condition.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
            {
                throw MatrixException.InvalidParam("Every condition must be an object with a string 'kind'.");
            }
        }
    }

    private static string Describe(JsonElement action)
    {
        var text = action.GetRawText();
        return text.Length <= 64 ? text : text[..64] + "…";
    }
}
