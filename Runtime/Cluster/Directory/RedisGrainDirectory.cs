using System.Globalization;
using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Redis;

namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>
/// The grain directory in Redis (brief C5): one STRING per grain at <c>mx:{c}:dir:&lt;type&gt;/&lt;key&gt;</c>
/// holding <c>"&lt;siloId&gt;|&lt;activationId&gt;|&lt;membershipVersion&gt;"</c>, no TTL. Register and
/// Unregister are Lua compare-and-swap scripts (<see cref="DirectoryScripts"/>), one round trip each.
/// Entries of crashed silos are not swept here: the activation path replaces them through rule 3
/// (<see cref="DirectoryDecision"/>), after the dead silo's lease expired.
/// </summary>
public sealed class RedisGrainDirectory : IGrainDirectory
{
    private readonly RedisClient _client;
    private readonly string _clusterId;
    private readonly string _aliveKey;

    public RedisGrainDirectory(RedisClient client, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(client);
        ClusterRedisKeys.Validate(clusterId);
        _client = client;
        _clusterId = clusterId;
        _aliveKey = ClusterRedisKeys.Alive(clusterId);
    }

    public async ValueTask<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var value = (await _client.ExecuteAsync(["GET", ClusterRedisKeys.DirectoryEntry(_clusterId, grainId)], cancellationToken).ConfigureAwait(false)).AsString();
        return GrainDirectoryEntry.TryParse(grainId, value, out var address) ? address : null;
    }

    public async ValueTask<(GrainAddress Winner, TimeSpan? RetryAfter)> RegisterAsync(
        GrainAddress address, GrainAddress? expectedPrevious, TimeSpan? requiredLeaseExpiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var reply = (await DirectoryScripts.Register.EvaluateAsync(
            _client,
            [ClusterRedisKeys.DirectoryEntry(_clusterId, address.GrainId), _aliveKey],
            [
                GrainDirectoryEntry.Format(address),
                expectedPrevious is null ? string.Empty : expectedPrevious.ActivationId.ToString(CultureInfo.InvariantCulture),
                requiredLeaseExpiry is { } lease ? (long)Math.Ceiling(lease.TotalMilliseconds) : string.Empty,
                address.Silo.ToString(),
            ],
            cancellationToken).ConfigureAwait(false)).AsArray()!;

        switch (reply[0].AsString())
        {
            case "OK":
                return (address, null);
            case "RETRY":
                return (GrainDirectoryEntry.Parse(address.GrainId, reply[1].AsString()!), TimeSpan.FromMilliseconds(Math.Max(1, reply[2].AsInt64())));
            default:
                return (GrainDirectoryEntry.Parse(address.GrainId, reply[1].AsString()!), null);
        }
    }

    public async ValueTask<bool> UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var removed = await DirectoryScripts.Unregister.EvaluateAsync(
            _client,
            [ClusterRedisKeys.DirectoryEntry(_clusterId, address.GrainId)],
            [address.ActivationId.ToString(CultureInfo.InvariantCulture)],
            cancellationToken).ConfigureAwait(false);
        return removed.AsInt64() == 1;
    }
}
