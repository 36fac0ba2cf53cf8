namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>This silo's view of the cluster and its own lease.</summary>
public interface IClusterMembershipService
{
    SiloAddress LocalSilo { get; }

    /// <summary>The latest snapshot (never goes backwards).</summary>
    MembershipSnapshot Current { get; }

    /// <summary>Raised with each newer snapshot.</summary>
    event Action<MembershipSnapshot>? SnapshotChanged;

    /// <summary>Reads the table now if the local view is older than <paramref name="minVersion"/>.</summary>
    Task RefreshAsync(long minVersion, CancellationToken cancellationToken);

    /// <summary>False once the lease was not renewed within LeaseTimeout (or the table said Dead): the
    /// silo must not start grain turns (self-fencing, brief C4).</summary>
    bool HasValidLease { get; }

    /// <summary>The lease this silo honours; a dead silo's grains may be taken over only after its last
    /// heartbeat plus this.</summary>
    TimeSpan LeaseTimeout { get; }
}
