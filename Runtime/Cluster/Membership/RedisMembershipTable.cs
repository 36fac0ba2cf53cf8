using System.Globalization;
using ClawChat.Runtime.Redis;
using ClawChat.Runtime.Redis.PubSub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>
/// The membership table in Redis (brief C4): HASH <c>mx:{c}:members</c> (<c>ver</c> plus one JSON record
/// per silo id), HASH <c>mx:{c}:alive</c> (silo id → Redis ms of its last heartbeat) and the pub/sub
/// channel <c>mx:{c}:events</c>. Every mutation is one Lua script (<see cref="MembershipScripts"/>), so
/// it is atomic and uses Redis <c>TIME</c> as the only clock. Reads are one script too, so a snapshot's
/// records, heartbeat times and read time are mutually consistent.
/// </summary>
public sealed partial class RedisMembershipTable : IMembershipTable, IMembershipChangeFeed
{
    private readonly RedisClient _client;
    private readonly ILogger _logger;
    private readonly RedisValue[] _keys;
    private readonly string _channel;

    public RedisMembershipTable(RedisClient client, string clusterId, ILogger<RedisMembershipTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ClusterRedisKeys.Validate(clusterId);
        _client = client;
        ClusterId = clusterId;
        _logger = logger ?? NullLogger<RedisMembershipTable>.Instance;
        _keys = [ClusterRedisKeys.Members(clusterId), ClusterRedisKeys.Alive(clusterId)];
        _channel = ClusterRedisKeys.Events(clusterId);
    }

    /// <inheritdoc/>
    public event Action<long>? VersionPublished;

    /// <summary>The cluster whose keys this table uses (the <c>{c}</c> hash tag).</summary>
    public string ClusterId { get; }

    /// <summary>Subscribes to <c>mx:{c}:events</c> so <see cref="VersionPublished"/> fires for every
    /// mutation by any silo. Optional: without it, silos still converge through gossip, heartbeat
    /// replies and periodic refresh.</summary>
    public Task SubscribeAsync(RedisSubscriber subscriber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return subscriber.SubscribeAsync(_channel, OnMessage, cancellationToken);
    }

    public async Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        var reply = (await MembershipScripts.Read.EvaluateAsync(_client, _keys, [], cancellationToken).ConfigureAwait(false)).AsArray()!;
        return ParseSnapshot(reply[0].AsInt64(), reply[1], reply[2]);
    }

    public async Task<MembershipSnapshot> JoinAsync(MemberRecord self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(self);
        var id = self.Address.ToString();
        var reply = (await MembershipScripts.Join.EvaluateAsync(
            _client, _keys, [id, MemberRecordSerializer.Serialize(self), _channel], cancellationToken).ConfigureAwait(false)).AsArray()!;
        if (reply[0].AsInt64() == 0)
        {
            throw new SiloAlreadyExistsException(self.Address);
        }

        return ParseSnapshot(reply[2].AsInt64(), reply[3], reply[4]);
    }

    public async Task<bool> SetStatusAsync(SiloAddress self, SiloStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(self);
        if (status == SiloStatus.None)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A silo cannot move to None.");
        }

        var reply = (await MembershipScripts.SetStatus.EvaluateAsync(
            _client, _keys, [self.ToString(), status.ToString(), _channel], cancellationToken).ConfigureAwait(false)).AsArray()!;
        return reply[0].AsInt64() == 1;
    }

    public async Task<HeartbeatResult> HeartbeatAsync(SiloAddress self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(self);
        var reply = (await MembershipScripts.Heartbeat.EvaluateAsync(_client, _keys, [self.ToString()], cancellationToken).ConfigureAwait(false)).AsArray()!;
        return new HeartbeatResult(IsDead: reply[0].AsInt64() == 0, TableVersion: reply[1].AsInt64(), ServerTimeMs: reply[2].AsInt64());
    }

    public async Task<SuspectResult> SuspectAsync(SiloAddress target, SiloAddress voter, SiloAddress? intermediary, VotePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(voter);
        var reply = (await MembershipScripts.Suspect.EvaluateAsync(
            _client,
            _keys,
            [
                target.ToString(),
                voter.ToString(),
                intermediary?.ToString() ?? string.Empty,
                (long)policy.VoteExpiry.TotalMilliseconds,
                (long)policy.StaleAfter.TotalMilliseconds,
                policy.MaxVotes,
                _channel,
            ],
            cancellationToken).ConfigureAwait(false)).AsArray()!;
        return new SuspectResult(
            DeclaredDead: reply[0].AsInt64() == 1,
            FreshVotes: (int)reply[1].AsInt64(),
            VotesNeeded: (int)reply[2].AsInt64(),
            TableVersion: reply[3].AsInt64());
    }

    public async Task CleanupAsync(TimeSpan deadOlderThan, CancellationToken cancellationToken)
    {
        var removed = (await MembershipScripts.Cleanup.EvaluateAsync(
            _client, _keys, [(long)deadOlderThan.TotalMilliseconds, _channel], cancellationToken).ConfigureAwait(false)).AsInt64();
        if (removed > 0)
        {
            Log.RowsCleaned(_logger, ClusterId, removed);
        }
    }

    private void OnMessage(RedisMessage message)
    {
        if (long.TryParse(message.PayloadString, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            VersionPublished?.Invoke(version);
        }
    }

    private MembershipSnapshot ParseSnapshot(long readAtMs, RedisResult membersReply, RedisResult aliveReply)
    {
        var rows = membersReply.AsArray() ?? [];
        var members = new Dictionary<SiloAddress, MemberRecord>();
        long version = 0;
        for (var i = 0; i + 1 < rows.Length; i += 2)
        {
            var field = rows[i].AsString()!;
            if (field == "ver")
            {
                version = rows[i + 1].AsInt64();
                continue;
            }

            var record = MemberRecordSerializer.TryDeserialize(rows[i + 1].AsString()!);
            if (record is null)
            {
                Log.CorruptRow(_logger, ClusterId, field);
                continue;
            }

            members[record.Address] = record;
        }

        var aliveRows = aliveReply.AsArray() ?? [];
        var alive = new Dictionary<SiloAddress, long>();
        for (var i = 0; i + 1 < aliveRows.Length; i += 2)
        {
            if (SiloAddress.TryParse(aliveRows[i].AsString(), out var silo))
            {
                alive[silo] = aliveRows[i + 1].AsInt64();
            }
        }

        return new MembershipSnapshot(version, members, alive, readAtMs);
    }

    private static partial class Log
    {
        [LoggerMessage(1240, LogLevel.Warning, "Membership row {Field} of cluster {ClusterId} is not a valid member record; ignored")]
        public static partial void CorruptRow(ILogger logger, string clusterId, string field);

        [LoggerMessage(1241, LogLevel.Information, "Removed {Count} long-dead members from cluster {ClusterId}")]
        public static partial void RowsCleaned(ILogger logger, string clusterId, long count);
    }
}
