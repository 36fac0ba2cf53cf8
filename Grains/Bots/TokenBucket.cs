namespace ClawChat.Grains.Bots;

/// <summary>A token bucket: <c>capacity</c> tokens, refilled continuously at <c>perMinute</c>. Not thread-safe (callers
/// lock or own it).</summary>
internal sealed class TokenBucket(int capacity, int perMinute, long nowTicks)
{
    private double _tokens = capacity;
    private long _updatedTicks = nowTicks;

    /// <summary>When the last denial was announced in the room (one notice per window).</summary>
    public long NoticeTicks { get; set; } = long.MinValue;

    public bool TryTake(long nowTicks)
    {
        Refill(nowTicks);
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }

    public bool HasToken(long nowTicks)
    {
        Refill(nowTicks);
        return _tokens >= 1;
    }

    /// <summary>Full again: forgetting it loses nothing.</summary>
    public bool IsFull(long nowTicks)
    {
        Refill(nowTicks);
        return _tokens >= capacity;
    }

    private void Refill(long nowTicks)
    {
        if (nowTicks > _updatedTicks)
        {
            _tokens = Math.Min(capacity, _tokens + ((nowTicks - _updatedTicks) * (double)perMinute / TimeSpan.TicksPerMinute));
            _updatedTicks = nowTicks;
        }
    }
}
