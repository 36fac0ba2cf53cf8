using ClawChat.Runtime.Redis;

namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>The directory's Lua scripts (brief C5 "Directory = Redis CAS"; the pattern of Orleans'
/// RedisGrainDirectory). KEYS[1] is the entry <c>mx:{c}:dir:&lt;type&gt;/&lt;key&gt;</c>, KEYS[2] the
/// membership <c>alive</c> hash: both carry the <c>{c}</c> hash tag, so the lease check can read the
/// authoritative heartbeat inside the same atomic script.</summary>
internal static class DirectoryScripts
{
    /// <summary>
    /// ARGV: newValue, expectedPreviousActivationId ('' = register only if absent), requiredLeaseMs
    /// ('' = none), newSiloId. Returns {'OK'}, {'EXISTS', current} or {'RETRY', current, waitMs}.
    /// A takeover of another silo's entry with a lease waits until that silo's last heartbeat plus the
    /// lease has passed on the Redis clock: by then the silo has fenced itself (C4), so it cannot be
    /// running turns of the grain. A silo without an <c>alive</c> field (cleaned up long ago, or never a
    /// member) has no lease to wait for.
    /// </summary>
    public static readonly RedisScript Register = new("""
        local cur = redis.call('GET', KEYS[1])
        if cur then
          local silo, act = string.match(cur, '^(.*)|([^|]*)|[^|]*$')
          if ARGV[2] == '' or act ~= ARGV[2] then
            return { 'EXISTS', cur }
          end
          if ARGV[3] ~= '' and silo ~= ARGV[4] then
            local alive = tonumber(redis.call('HGET', KEYS[2], silo))
            if alive then
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
              local expires = alive + tonumber(ARGV[3])
              if now < expires then
                return { 'RETRY', cur, expires - now }
              end
            end
          end
        end
        redis.call('SET', KEYS[1], ARGV[1])
        return { 'OK' }
        """);

    /// <summary>ARGV: activationId. Deletes the entry only if it still names that activation; returns 1 or 0.</summary>
    public static readonly RedisScript Unregister = new("""
        local cur = redis.call('GET', KEYS[1])
        if cur and string.match(cur, '^.*|([^|]*)|[^|]*$') == ARGV[1] then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """);
}
