namespace ClawChat.Grains.Push.Evaluation;

/// <summary><c>contains_display_name</c> (deprecated since v1.17, still honoured in user rules): the body contains
/// the recipient's display name in the room, on word boundaries; never matches without a display name.</summary>
internal sealed class ContainsDisplayNameCondition : PushConditionMatcher
{
    private static readonly EventPath Body = EventPath.Parse("content.body");

    public override bool Matches(PushEventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !string.IsNullOrEmpty(context.UserDisplayName)
            && PushEventValues.TryGetString(context, Body, out var body)
            && GlobPattern.ContainsWord(body, context.UserDisplayName);
    }
}
