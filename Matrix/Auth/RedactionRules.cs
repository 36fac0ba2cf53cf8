using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Auth;

/// <summary>
/// Who may redact what. Since room version 3 the auth rules accept an <c>m.room.redaction</c> like any
/// other event (needing only the level for its event type); whether the target is actually redacted is
/// decided separately, when both events are known (DIGEST §3.4).
/// </summary>
public static class RedactionRules
{
    /// <summary>
    /// The spec's rule for applying an accepted redaction: same room, and the redaction's sender has at
    /// least the <c>redact</c> level or is on the same server as the target's sender. The target comes from
    /// <c>content.redacts</c> in v11 and top-level <c>redacts</c> in v10.
    /// </summary>
    public static bool ShouldApply(Pdu redaction, Pdu target, PowerLevels powerLevels, RoomVersion version)
    {
        ArgumentNullException.ThrowIfNull(redaction);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(powerLevels);
        if (!string.Equals(redaction.GetRedactsTarget(version), target.EventId, StringComparison.Ordinal)
            || !string.Equals(redaction.RoomId, target.RoomId, StringComparison.Ordinal))
        {
            return false;
        }

        return powerLevels.CanRedactOthers(redaction.Sender)
            || (AuthStateExtensions.ServerOf(redaction.Sender) is { } server
                && string.Equals(server, AuthStateExtensions.ServerOf(target.Sender), StringComparison.Ordinal));
    }

    /// <summary>
    /// The client-server check made before creating a redaction for a local user: one's own events can always
    /// be redacted, anyone else's need the <c>redact</c> level (403 M_FORBIDDEN otherwise). On a single server
    /// the spec's "same server" clause would let every user redact every local event, so it is not used here.
    /// </summary>
    public static bool MayRedact(string userId, Pdu target, PowerLevels powerLevels)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(powerLevels);
        return string.Equals(userId, target.Sender, StringComparison.Ordinal) || powerLevels.CanRedactOthers(userId);
    }
}
