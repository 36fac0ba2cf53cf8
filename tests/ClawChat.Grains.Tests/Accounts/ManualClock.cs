namespace ClawChat.Grains.Tests.Accounts;

/// <summary>A wall clock that moves only when told to (for expiry tests without sleeps).</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
