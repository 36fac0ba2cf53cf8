using System.Text.Json;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary><c>event_property_contains</c>: the value at <c>key</c> is an array holding an element exactly equal
/// to <c>value</c> (how <c>.m.rule.is_user_mention</c> reads <c>content.m\.mentions.user_ids</c>).</summary>
internal sealed class EventPropertyContainsCondition : PushConditionMatcher
{
    private readonly EventPath _path;
    private readonly JsonElement _expected;

    public EventPropertyContainsCondition(string key, JsonElement expected)
    {
        _path = EventPath.Parse(key);
        _expected = expected.Clone();
    }

    public override bool Matches(PushEventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!PushEventValues.TryResolve(context, _path, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (PushEventValues.ScalarEquals(_expected, item))
            {
                return true;
            }
        }

        return false;
    }
}
