using System.Text.Json;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary><c>event_match</c>: a glob on the string at <c>key</c>; a missing or non-string value never matches
/// (spec v1.19). On <c>content.body</c> the pattern matches at word boundaries anywhere in the body.</summary>
internal sealed class EventMatchCondition : PushConditionMatcher
{
    private readonly EventPath _path;
    private readonly GlobPattern _pattern;

    public EventMatchCondition(string key, string pattern)
    {
        _path = EventPath.Parse(key);
        _pattern = GlobPattern.Get(pattern, wordBoundary: key == "content.body");
    }

    public override bool Matches(PushEventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PushEventValues.TryGetString(context, _path, out var value) && _pattern.IsMatch(value);
    }
}
