using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ClawChat.Runtime.Redis;

/// <summary>Typed wrappers of the commands the cluster uses. All take the default command timeout.</summary>
public sealed partial class RedisClient
{
    /// <summary><c>PING</c>; returns the round-trip time.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        await ExecuteAsync(["PING"], cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary><c>GET key</c>; null when the key does not exist.</summary>
    public async Task<string?> GetAsync(RedisValue key, CancellationToken cancellationToken = default)
        => (await ExecuteAsync(["GET", key], cancellationToken).ConfigureAwait(false)).AsString();

    /// <summary><c>GET key</c> as raw bytes; null when the key does not exist.</summary>
    public async Task<byte[]?> GetBytesAsync(RedisValue key, CancellationToken cancellationToken = default)
        => (await ExecuteAsync(["GET", key], cancellationToken).ConfigureAwait(false)).AsBytes();

    /// <summary>
    /// <c>SET key value [PX ms] [NX|XX]</c>. Returns false when <paramref name="condition"/> prevented the write.
    /// </summary>
    public async Task<bool> SetAsync(
        RedisValue key,
        RedisValue value,
        TimeSpan? expiry = null,
        RedisSetCondition condition = RedisSetCondition.Always,
        CancellationToken cancellationToken = default)
    {
        var command = new List<RedisValue>(6) { "SET", key, value };
        if (expiry is { } ttl)
        {
            command.Add("PX");
            command.Add((long)Math.Ceiling(ttl.TotalMilliseconds));
        }

        if (condition != RedisSetCondition.Always)
            command.Add(condition == RedisSetCondition.NotExists ? "NX" : "XX");

        var reply = await ExecuteAsync([.. command], cancellationToken).ConfigureAwait(false);
        return !reply.IsNull;
    }

    /// <summary><c>DEL key...</c>; returns how many keys existed.</summary>
    public async Task<long> DeleteAsync(params RedisValue[] keys)
        => (await ExecuteAsync(["DEL", .. keys]).ConfigureAwait(false)).AsInt64();

    /// <summary><c>EXPIRE key seconds</c> (rounded up); false when the key does not exist.</summary>
    public async Task<bool> ExpireAsync(RedisValue key, TimeSpan ttl, CancellationToken cancellationToken = default)
        => (await ExecuteAsync(["EXPIRE", key, (long)Math.Ceiling(ttl.TotalSeconds)], cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    /// <summary><c>HGET key field</c>; null when absent.</summary>
    public async Task<string?> HashGetAsync(RedisValue key, RedisValue field, CancellationToken cancellationToken = default)
        => (await ExecuteAsync(["HGET", key, field], cancellationToken).ConfigureAwait(false)).AsString();

    /// <summary><c>HSET key field value</c>; true when the field is new.</summary>
    public async Task<bool> HashSetAsync(RedisValue key, RedisValue field, RedisValue value, CancellationToken cancellationToken = default)
        => (await ExecuteAsync(["HSET", key, field, value], cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    /// <summary><c>HSET key f1 v1 f2 v2 ...</c>; returns how many fields are new.</summary>
    public async Task<long> HashSetAsync(RedisValue key, IEnumerable<KeyValuePair<string, RedisValue>> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var command = new List<RedisValue> { "HSET", key };
        foreach (var (field, value) in fields)
        {
            command.Add(field);
            command.Add(value);
        }

        return (await ExecuteAsync([.. command], cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    /// <summary><c>HDEL key field...</c>; returns how many fields existed.</summary>
    public async Task<long> HashDeleteAsync(RedisValue key, params RedisValue[] fields)
        => (await ExecuteAsync(["HDEL", key, .. fields]).ConfigureAwait(false)).AsInt64();

    /// <summary><c>HGETALL key</c>; empty when the key does not exist.</summary>
    public async Task<Dictionary<string, string>> HashGetAllAsync(RedisValue key, CancellationToken cancellationToken = default)
    {
        var items = (await ExecuteAsync(["HGETALL", key], cancellationToken).ConfigureAwait(false)).AsArray() ?? [];
        var result = new Dictionary<string, string>(items.Length / 2, StringComparer.Ordinal);
        for (int i = 0; i + 1 < items.Length; i += 2)
            result[items[i].AsString()!] = items[i + 1].AsString()!;
        return result;
    }

    /// <summary><c>HINCRBY key field increment</c>; returns the new value.</summary>
    public async Task<long> HashIncrementAsync(RedisValue key, RedisValue field, long increment = 1, CancellationToken cancellationToken = default)
        => (await ExecuteAsync(["HINCRBY", key, field, increment], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary><c>TIME</c>: the server clock (microsecond precision), the cluster's only clock.</summary>
    public async Task<DateTimeOffset> TimeAsync(CancellationToken cancellationToken = default)
    {
        var parts = (await ExecuteAsync(["TIME"], cancellationToken).ConfigureAwait(false)).AsArray()!;
        long seconds = parts[0].AsInt64();
        long microseconds = parts[1].AsInt64();
        return DateTimeOffset.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (microseconds * TimeSpan.TicksPerMicrosecond));
    }

    /// <summary><c>PUBLISH channel message</c>; returns how many subscribers received it.</summary>
    public async Task<long> PublishAsync(RedisValue channel, RedisValue message, CancellationToken cancellationToken = default)
        => (await ExecuteAsync(["PUBLISH", channel, message], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary><c>SCAN cursor [MATCH pattern] [COUNT n]</c>: one page. Start with cursor 0; stop when the returned cursor is 0.</summary>
    public async Task<RedisScanPage> ScanAsync(long cursor, string? match = null, int? count = null, CancellationToken cancellationToken = default)
    {
        var command = new List<RedisValue>(6) { "SCAN", cursor };
        if (match is not null)
        {
            command.Add("MATCH");
            command.Add(match);
        }

        if (count is { } n)
        {
            command.Add("COUNT");
            command.Add(n);
        }

        var reply = (await ExecuteAsync([.. command], cancellationToken).ConfigureAwait(false)).AsArray()!;
        var keys = reply[1].AsArray() ?? [];
        return new RedisScanPage(reply[0].AsInt64(), Array.ConvertAll(keys, k => k.AsString()!));
    }

    /// <summary>All keys matching <paramref name="match"/>, page by page (each page a separate command with its own timeout). Keys may repeat.</summary>
    public async IAsyncEnumerable<string> ScanKeysAsync(string? match = null, int? count = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long cursor = 0;
        do
        {
            var page = await ScanAsync(cursor, match, count, cancellationToken).ConfigureAwait(false);
            foreach (var key in page.Keys)
                yield return key;
            cursor = page.Cursor;
        }
        while (cursor != 0);
    }

    /// <summary><c>EVAL script numkeys key... arg...</c>. Prefer <see cref="RedisScript"/>.</summary>
    public Task<RedisResult> EvalAsync(string script, RedisValue[]? keys = null, RedisValue[]? arguments = null, CancellationToken cancellationToken = default)
        => ExecuteAsync(ScriptCommand("EVAL", script, keys, arguments), cancellationToken);

    /// <summary><c>EVALSHA sha1 numkeys key... arg...</c>; throws <see cref="RedisServerException"/> with prefix NOSCRIPT when not cached.</summary>
    public Task<RedisResult> EvalShaAsync(string sha1, RedisValue[]? keys = null, RedisValue[]? arguments = null, CancellationToken cancellationToken = default)
        => ExecuteAsync(ScriptCommand("EVALSHA", sha1, keys, arguments), cancellationToken);

    private static RedisValue[] ScriptCommand(string verb, string scriptOrSha, RedisValue[]? keys, RedisValue[]? arguments)
    {
        keys ??= [];
        arguments ??= [];
        return [verb, scriptOrSha, keys.Length, .. keys, .. arguments];
    }
}
