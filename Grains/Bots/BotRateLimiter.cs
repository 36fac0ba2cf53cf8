using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Bots;

/// <summary>
/// Rate limits on bot invocations (issue 7 §5), one token bucket per user (all bots and rooms together) and one per
/// conversation (bot × room), in memory per silo. In cluster mode a user talking to bots on several silos gets the
/// limit on each; that only loosens it, never starves anyone. Buckets that refilled completely are dropped when a map
/// grows past <see cref="MaxTrackedKeys"/>, so memory stays bounded. Bots never go through the homeserver's HTTP
/// client rate limits (Api/Http/AccountRateLimits.cs): they call grains directly, so they are exempt by construction.
/// </summary>
public sealed class BotRateLimiter
{
    internal const int MaxTrackedKeys = 10_000;

    /// <summary>One denial notice per bucket per window.</summary>
    internal static readonly TimeSpan NoticeWindow = TimeSpan.FromMinutes(1);

    private readonly BotLimitsOptions _limits;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, TokenBucket> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenBucket> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public BotRateLimiter(IOptions<BotsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limits = options.Value.BotLimits;
        _time = time;
    }

    /// <summary>Takes one token from the user's and the conversation's bucket, or none when either is empty.</summary>
    public BotRateDecision TryAcquire(string userId, string conversationKey)
    {
        var now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            var user = Bucket(_users, userId, _limits.UserBurst, _limits.UserPerMinute, now);
            var room = Bucket(_rooms, conversationKey, _limits.RoomBurst, _limits.RoomPerMinute, now);
            if (!room.HasToken(now))
            {
                return new BotRateDecision(false, "room", Announce(room, now));
            }

            if (!user.HasToken(now))
            {
                return new BotRateDecision(false, "user", Announce(user, now));
            }

            room.TryTake(now);
            user.TryTake(now);
            return new BotRateDecision(true, null, false);
        }
    }

    private static bool Announce(TokenBucket bucket, long now)
    {
        if (bucket.NoticeTicks != long.MinValue && now - bucket.NoticeTicks < NoticeWindow.Ticks)
        {
            return false;
        }

        bucket.NoticeTicks = now;
        return true;
    }

    private static TokenBucket Bucket(Dictionary<string, TokenBucket> buckets, string key, int capacity, int perMinute, long now)
    {
        if (buckets.TryGetValue(key, out var bucket))
        {
            return bucket;
        }

        if (buckets.Count >= MaxTrackedKeys)
        {
            foreach (var full in buckets.Where(b => b.Value.IsFull(now)).Select(b => b.Key).ToList())
            {
                buckets.Remove(full);
            }
        }

        bucket = new TokenBucket(capacity, perMinute, now);
        buckets[key] = bucket;
        return bucket;
    }
}
