namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Redis key names of one cluster (brief C4 key table). Every key carries the hash tag
/// <c>{clusterId}</c>, so the membership and directory scripts, which touch several keys (a directory
/// register reads the <c>alive</c> hash), stay legal on Redis Cluster: all keys share one slot.</summary>
internal static class ClusterRedisKeys
{
    /// <summary>HASH: field <c>ver</c> (table version) plus one member record JSON per silo id.</summary>
    public static string Members(string clusterId) => $"mx:{{{clusterId}}}:members";

    /// <summary>HASH: silo id → last successful heartbeat in Redis server ms.</summary>
    public static string Alive(string clusterId) => $"mx:{{{clusterId}}}:alive";

    /// <summary>Pub/sub channel: the new table version after each mutation.</summary>
    public static string Events(string clusterId) => $"mx:{{{clusterId}}}:events";

    /// <summary>STRING per grain: <c>"&lt;siloId&gt;|&lt;activationId&gt;|&lt;membershipVersion&gt;"</c> (brief C5).</summary>
    public static string DirectoryEntry(string clusterId, GrainId grainId) => $"mx:{{{clusterId}}}:dir:{grainId.Type.Name}/{grainId.Key}";

    /// <summary>SCAN pattern matching every key of the cluster (tests, tools).</summary>
    public static string AllKeysPattern(string clusterId) => $"mx:{{{clusterId}}}:*";

    /// <summary>Throws when <paramref name="clusterId"/> would break the hash tag or the key layout.</summary>
    public static void Validate(string clusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        if (clusterId.AsSpan().IndexOfAny("{}*?[]") >= 0)
        {
            throw new ArgumentException($"Cluster id '{clusterId}' must not contain braces or glob characters: it is a Redis hash tag.", nameof(clusterId));
        }
    }
}
