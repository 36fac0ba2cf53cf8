using ClawChat.Runtime.Redis;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>
/// The membership Lua scripts (brief C4, "Lua scripts"). Each runs atomically on the Redis server, so
/// no WATCH/MULTI and no read-modify-CAS-retry loop is needed (Orleans' <c>InnerTryToSuspectOrKill</c>
/// loop collapses into one call). Redis <c>TIME</c> is the only clock: silos' clocks never meet.
/// Redis 7 replicates script effects, so calling TIME before writing is allowed.
/// KEYS[1] is always <c>mx:{c}:members</c>, KEYS[2] <c>mx:{c}:alive</c>; the pub/sub channel is passed
/// as the last ARGV because channels are not keys.
/// </summary>
internal static class MembershipScripts
{
    // Shared helpers, prepended to every script. cjson writes an empty Lua table as {} (it cannot tell
    // an empty array from an empty object), so an empty vote list is removed instead of written.
    // decode() is pcall-guarded: a corrupt row is skipped rather than failing every script.
    private const string Prelude = """
        local function now_ms()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end
        local rank = { Joining = 1, Active = 2, ShuttingDown = 3, Dead = 4 }
        local function decode(raw)
          if not raw then return nil end
          local ok, rec = pcall(cjson.decode, raw)
          if ok and type(rec) == 'table' then return rec end
          return nil
        end
        local function encode(rec)
          if rec.suspects ~= nil and (type(rec.suspects) ~= 'table' or #rec.suspects == 0) then rec.suspects = nil end
          return cjson.encode(rec)
        end
        local function version()
          return tonumber(redis.call('HGET', KEYS[1], 'ver') or '0')
        end

        """;

    /// <summary>ARGV: siloId, recordJson, channel. Returns {0} when the silo exists, else
    /// {1, ver, now, HGETALL members, HGETALL alive}.</summary>
    public static readonly RedisScript Join = new(Prelude + """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
          return { 0 }
        end
        local now = now_ms()
        local rec = cjson.decode(ARGV[2])
        rec.status = 'Joining'
        rec.startedAt = now
        rec.statusAt = now
        rec.deadAt = nil
        rec.suspects = nil
        redis.call('HSET', KEYS[1], ARGV[1], encode(rec))
        redis.call('HSET', KEYS[2], ARGV[1], now)
        local ver = redis.call('HINCRBY', KEYS[1], 'ver', 1)
        redis.call('PUBLISH', ARGV[3], tostring(ver))
        return { 1, ver, now, redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]) }
        """);

    /// <summary>No ARGV. Returns {now, HGETALL members, HGETALL alive}: one consistent read.</summary>
    public static readonly RedisScript Read = new(Prelude + """
        return { now_ms(), redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]) }
        """);

    /// <summary>ARGV: siloId, status, channel. Forward-only (Joining → Active → ShuttingDown → Dead);
    /// the same status again is a no-op success. Returns {1, ver} or {0, reason}.</summary>
    public static readonly RedisScript SetStatus = new(Prelude + """
        local rec = decode(redis.call('HGET', KEYS[1], ARGV[1]))
        if rec == nil then return { 0, 'MISSING' } end
        if rec.status == 'Dead' then return { 0, 'DEAD' } end
        local from = rank[rec.status] or 0
        local to = rank[ARGV[2]]
        if to == nil then return redis.error_reply('ERR unknown silo status ' .. ARGV[2]) end
        if to == from then return { 1, version() } end
        if to < from then return { 0, 'BACKWARDS' } end
        local now = now_ms()
        rec.status = ARGV[2]
        rec.statusAt = now
        if ARGV[2] == 'Dead' then rec.deadAt = now end
        redis.call('HSET', KEYS[1], ARGV[1], encode(rec))
        local ver = redis.call('HINCRBY', KEYS[1], 'ver', 1)
        redis.call('PUBLISH', ARGV[3], tostring(ver))
        return { 1, ver }
        """);

    /// <summary>ARGV: siloId. Returns {alive(1)/dead(0), ver, now}; renews <c>alive</c> only when the row
    /// exists and is not Dead. Does not bump <c>ver</c>, but returns it so a silo catches missed
    /// pub/sub messages within one heartbeat period.</summary>
    public static readonly RedisScript Heartbeat = new(Prelude + """
        local now = now_ms()
        local rec = decode(redis.call('HGET', KEYS[1], ARGV[1]))
        if rec == nil or rec.status == 'Dead' then return { 0, version(), now } end
        redis.call('HSET', KEYS[2], ARGV[1], now)
        return { 1, version(), now }
        """);

    /// <summary>ARGV: target, voter, extraVoter ('' for none), voteExpiryMs, staleMs, maxVotes, channel.
    /// Returns {declaredDead (1 also when already Dead), freshVotes, votesNeeded, ver}.
    /// Votes by silos that are missing or Dead are not added (a dead silo has no say), and a voter's
    /// older vote is replaced, so one silo counts once. need = min(maxVotes, ceil(activeNonStale/2)),
    /// at least 1, where activeNonStale counts Active rows whose heartbeat is within staleMs: after a
    /// total restart the old rows do not count, and in a 2-silo cluster one vote kills.</summary>
    public static readonly RedisScript Suspect = new(Prelude + """
        local now = now_ms()
        local target, voter, extra = ARGV[1], ARGV[2], ARGV[3]
        local expiry, stale, maxVotes = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
        local rec = decode(redis.call('HGET', KEYS[1], target))
        if rec == nil then return { 0, 0, 0, version() } end
        if rec.status == 'Dead' then return { 1, 0, 0, version() } end
        local function may_vote(id)
          if id == '' or id == target then return false end
          local r = decode(redis.call('HGET', KEYS[1], id))
          return r ~= nil and r.status ~= 'Dead'
        end
        local add_voter = may_vote(voter)
        local add_extra = extra ~= voter and may_vote(extra)
        local votes = {}
        if type(rec.suspects) == 'table' then
          for _, v in ipairs(rec.suspects) do
            local at = tonumber(v.at) or 0
            local replaced = (add_voter and v.by == voter) or (add_extra and v.by == extra)
            if now - at <= expiry and not replaced then
              table.insert(votes, { by = v.by, at = at })
            end
          end
        end
        if add_voter then table.insert(votes, { by = voter, at = now }) end
        if add_extra then table.insert(votes, { by = extra, at = now }) end
        local alive = {}
        local flat = redis.call('HGETALL', KEYS[2])
        for i = 1, #flat, 2 do alive[flat[i]] = tonumber(flat[i + 1]) end
        local active = 0
        local rows = redis.call('HGETALL', KEYS[1])
        for i = 1, #rows, 2 do
          local a = alive[rows[i]]
          if rows[i] ~= 'ver' and a ~= nil and now - a <= stale then
            local r = decode(rows[i + 1])
            if r ~= nil and r.status == 'Active' then active = active + 1 end
          end
        end
        local need = math.min(maxVotes, math.ceil(active / 2))
        if need < 1 then need = 1 end
        local declared = 0
        if #votes >= need then
          rec.status = 'Dead'
          rec.statusAt = now
          rec.deadAt = now
          declared = 1
        end
        rec.suspects = votes
        redis.call('HSET', KEYS[1], target, encode(rec))
        local ver = redis.call('HINCRBY', KEYS[1], 'ver', 1)
        redis.call('PUBLISH', ARGV[7], tostring(ver))
        return { declared, #votes, need, ver }
        """);

    /// <summary>ARGV: olderThanMs, channel. Deletes Dead rows (and their <c>alive</c> fields) whose
    /// <c>deadAt</c> is before now − olderThanMs; bumps <c>ver</c> when any went. Returns the count.</summary>
    public static readonly RedisScript Cleanup = new(Prelude + """
        local cutoff = now_ms() - tonumber(ARGV[1])
        local rows = redis.call('HGETALL', KEYS[1])
        local removed = 0
        for i = 1, #rows, 2 do
          if rows[i] ~= 'ver' then
            local rec = decode(rows[i + 1])
            if rec ~= nil and rec.status == 'Dead' then
              local dead_at = tonumber(rec.deadAt) or tonumber(rec.statusAt) or 0
              if dead_at < cutoff then
                redis.call('HDEL', KEYS[1], rows[i])
                redis.call('HDEL', KEYS[2], rows[i])
                removed = removed + 1
              end
            end
          end
        end
        if removed > 0 then
          local ver = redis.call('HINCRBY', KEYS[1], 'ver', 1)
          redis.call('PUBLISH', ARGV[2], tostring(ver))
        end
        return removed
        """);
}
