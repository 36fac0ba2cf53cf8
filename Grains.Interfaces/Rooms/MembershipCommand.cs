namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A membership change made through the dedicated endpoints (DIGEST §16: they "just build the
/// corresponding member event and run the auth rules").</summary>
/// <param name="Sender">Who makes the change.</param>
/// <param name="Target">Whose membership changes (the member event's state key).</param>
/// <param name="DisplayName">The target's profile, copied into join and knock events.</param>
/// <param name="IsDirect">Sets <c>is_direct</c> on an invite.</param>
public sealed record MembershipCommand(
    string Sender,
    string Target,
    MembershipAction Action,
    string? Reason = null,
    string? DisplayName = null,
    string? AvatarUrl = null,
    bool IsDirect = false);
