namespace ClawChat.Grains.Bots;

/// <summary>Outcome of <see cref="BotRateLimiter.TryAcquire"/>.</summary>
/// <param name="Allowed">The invocation may go ahead.</param>
/// <param name="LimitedBy">When denied: <c>user</c> or <c>room</c>.</param>
/// <param name="Announce">When denied: the first denial of this bucket in its window, so the room gets one notice.</param>
public readonly record struct BotRateDecision(bool Allowed, string? LimitedBy, bool Announce);
