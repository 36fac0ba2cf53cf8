using ClawChat.Matrix.Auth;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary><c>sender_notification_permission</c>: the sender's power level is at least
/// <c>notifications[key]</c> of the room's power levels (default 50), e.g. <c>room</c> for <c>@room</c>.</summary>
internal sealed class SenderNotificationPermissionCondition : PushConditionMatcher
{
    private readonly string _key;

    public SenderNotificationPermissionCondition(string key)
    {
        _key = key;
    }

    public override bool NeedsPowerLevels => true;

    public override bool Matches(PushEventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.PowerLevels is not { } levels || context.Sender is not { } sender)
        {
            return false;
        }

        var required = levels.Notifications.TryGetValue(_key, out var level) ? level : PowerLevels.DefaultNotificationRoom;
        return levels.GetUserLevel(sender) >= required;
    }
}
