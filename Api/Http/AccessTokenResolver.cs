using System.Collections.Concurrent;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;

namespace ClawChat.Api.Http;

/// <summary>
/// Access token → <see cref="Requester"/>, through the token-hash index grain and then the owning user grain
/// (the authority), with a per-silo cache. The cache lifetime is the longest a token revoked through another
/// silo stays usable here; revocations made through this silo are evicted at once (<see cref="Evict"/>).
/// A cache miss costs two grain calls, so a client polling /sync costs at most that every
/// <see cref="CacheLifetime"/>.
/// </summary>
public sealed class AccessTokenResolver
{
    /// <summary>Short enough that a logout elsewhere in the cluster takes effect within seconds.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    /// <summary>Past this many entries expired ones are swept; past twice this the cache is dropped (memory bound).</summary>
    private const int SweepThreshold = 20_000;

    /// <summary>Real tokens are 43 characters; anything much longer is not one of ours and is not worth hashing.</summary>
    private const int MaxTokenLength = 512;

    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;

    public AccessTokenResolver(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
    }

    /// <summary>The token's owner, or null when the token is unknown, revoked, or its account deactivated.</summary>
    public async ValueTask<Requester?> ResolveAsync(string token, string? ip)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length is 0 or > MaxTokenLength)
        {
            return null;
        }

        var hash = AccessTokens.Hash(token);
        var now = _time.GetTimestamp();
        if (_cache.TryGetValue(hash, out var cached) && _time.GetElapsedTime(cached.Timestamp, now) < CacheLifetime)
        {
            return cached.Requester;
        }

        var owner = await _grains.GetGrain<IAccessTokenGrain>(hash).GetOwnerAsync();
        if (owner is null || !UserId.TryParse(owner.UserId, out var userId)
            || !await _grains.GetGrain<IUserGrain>(owner.UserId).AuthenticateAsync(owner.DeviceId, hash, ip))
        {
            _cache.TryRemove(hash, out _);
            return null;
        }

        var requester = new Requester(userId, owner.DeviceId);
        Add(hash, new CacheEntry(requester, _time.GetTimestamp()));
        return requester;
    }

    /// <summary>Forgets revoked tokens on this silo immediately.</summary>
    public void Evict(IEnumerable<string> tokenHashes)
    {
        ArgumentNullException.ThrowIfNull(tokenHashes);
        foreach (var hash in tokenHashes)
        {
            _cache.TryRemove(hash, out _);
        }
    }

    private void Add(string hash, CacheEntry entry)
    {
        if (_cache.Count >= SweepThreshold)
        {
            var now = _time.GetTimestamp();
            foreach (var (key, value) in _cache)
            {
                if (_time.GetElapsedTime(value.Timestamp, now) >= CacheLifetime)
                {
                    _cache.TryRemove(key, out _);
                }
            }

            if (_cache.Count >= 2 * SweepThreshold)
            {
                _cache.Clear();
            }
        }

        _cache[hash] = entry;
    }

    private readonly record struct CacheEntry(Requester Requester, long Timestamp);
}
