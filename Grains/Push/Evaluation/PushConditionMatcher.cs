namespace ClawChat.Grains.Push.Evaluation;

/// <summary>One compiled push condition (DIGEST §15 "Conditions").</summary>
internal abstract class PushConditionMatcher
{
    /// <summary>True for <c>sender_notification_permission</c>: evaluated last within its rule, and only once the
    /// room's power levels are known (see <see cref="PushEventContext.PowerLevelsKnown"/>).</summary>
    public virtual bool NeedsPowerLevels => false;

    public abstract bool Matches(PushEventContext context);
}
