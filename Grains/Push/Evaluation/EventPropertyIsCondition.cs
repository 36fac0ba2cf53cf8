using System.Text.Json;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary><c>event_property_is</c>: the value at <c>key</c> equals <c>value</c> exactly (string, integer,
/// boolean or null; a compound <c>value</c> never matches).</summary>
internal sealed class EventPropertyIsCondition : PushConditionMatcher
{
    private readonly EventPath _path;
    private readonly JsonElement _expected;

    public EventPropertyIsCondition(string key, JsonElement expected)
    {
        _path = EventPath.Parse(key);
        _expected = expected.Clone();
    }

    public override bool Matches(PushEventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PushEventValues.TryResolve(context, _path, out var value) && PushEventValues.ScalarEquals(_expected, value);
    }
}
