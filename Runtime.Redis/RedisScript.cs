using System.Security.Cryptography;
using System.Text;

namespace ClawChat.Runtime.Redis;

/// <summary>
/// A Lua script run by its SHA1. The first run on a connection generation uses <c>EVAL</c> (one round
/// trip that also caches the script on the server); later runs use <c>EVALSHA</c>; a <c>NOSCRIPT</c>
/// reply (server restarted, <c>SCRIPT FLUSH</c>, failover) falls back to <c>EVAL</c> once. Thread-safe;
/// create one per script and keep it (e.g. in a static field).
/// </summary>
public sealed class RedisScript
{
    // Which client and generation is known to have the script cached. Replaced whole, so readers
    // see a consistent pair; a stale value only costs one NOSCRIPT round trip.
    private Tuple<RedisClient, long>? _loadedOn;

    /// <summary>Creates the script and computes its SHA1 locally.</summary>
    public RedisScript(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        Source = source;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    }

    /// <summary>The Lua source.</summary>
    public string Source { get; }

    /// <summary>The lowercase hex SHA1 of <see cref="Source"/>, as Redis computes it.</summary>
    public string Sha1 { get; }

    /// <summary>Runs the script with <c>KEYS</c> = <paramref name="keys"/> and <c>ARGV</c> = <paramref name="arguments"/>.</summary>
    /// <exception cref="RedisServerException">The script raised an error (prefix as the script chose).</exception>
    public async Task<RedisResult> EvaluateAsync(RedisClient client, RedisValue[]? keys = null, RedisValue[]? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        long generation = client.ConnectionGeneration;
        var loadedOn = Volatile.Read(ref _loadedOn);
        if (loadedOn is not null && ReferenceEquals(loadedOn.Item1, client) && loadedOn.Item2 == generation)
        {
            try
            {
                return await client.EvalShaAsync(Sha1, keys, arguments, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (ex.Prefix == "NOSCRIPT")
            {
            }
        }

        try
        {
            return await client.EvalAsync(Source, keys, arguments, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Also after a script error: EVAL caches a script that compiled, even if it then failed.
            Volatile.Write(ref _loadedOn, Tuple.Create(client, generation));
        }
    }
}
