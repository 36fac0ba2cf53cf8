using System.Text.Json;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary>Compiles the JSON conditions of override/underride rules. Unknown kinds and malformed conditions
/// become <see cref="NeverMatchCondition"/> (the spec: unrecognised conditions never match).</summary>
internal static class PushConditionParser
{
    public static IReadOnlyList<PushConditionMatcher> ParseAll(JsonElement? conditions)
    {
        if (conditions is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }

        var result = new List<PushConditionMatcher>(array.GetArrayLength());
        foreach (var condition in array.EnumerateArray())
        {
            result.Add(Parse(condition));
        }

        return result;
    }

    public static PushConditionMatcher Parse(JsonElement condition)
    {
        if (condition.ValueKind != JsonValueKind.Object)
        {
            return NeverMatchCondition.Instance;
        }

        var key = GetString(condition, "key");
        return GetString(condition, "kind") switch
        {
            "event_match" when key is not null && GetString(condition, "pattern") is { } pattern => new EventMatchCondition(key, pattern),
            "event_property_is" when key is not null && Scalar(condition) is { } value => new EventPropertyIsCondition(key, value),
            "event_property_contains" when key is not null && Scalar(condition) is { } value => new EventPropertyContainsCondition(key, value),
            "contains_display_name" => new ContainsDisplayNameCondition(),
            "room_member_count" => (PushConditionMatcher?)RoomMemberCountCondition.TryCreate(GetString(condition, "is")) ?? NeverMatchCondition.Instance,
            "sender_notification_permission" when key is not null => new SenderNotificationPermissionCondition(key),
            _ => NeverMatchCondition.Instance,
        };
    }

    private static string? GetString(JsonElement condition, string name) =>
        condition.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The <c>value</c> when it is a non-compound JSON value (string, number, boolean, null).</summary>
    private static JsonElement? Scalar(JsonElement condition) =>
        condition.TryGetProperty("value", out var value) && value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)
            ? value
            : null;
}
