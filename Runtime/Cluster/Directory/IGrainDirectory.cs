namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>The authority for where a grain is active (Redis compare-and-swap, brief C5).</summary>
public interface IGrainDirectory
{
    ValueTask<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Registers <paramref name="address"/> if the grain has no entry, or if its entry's activation id
    /// equals <paramref name="expectedPrevious"/>'s. Replacing another silo's entry with
    /// <paramref name="requiredLeaseExpiry"/> set succeeds only when that silo's last heartbeat plus the lease
    /// is past (checked with the table's clock); otherwise <c>RetryAfter</c> says how long to wait.
    /// Returns the winner: ours on success, else the existing entry.</summary>
    ValueTask<(GrainAddress Winner, TimeSpan? RetryAfter)> RegisterAsync(
        GrainAddress address, GrainAddress? expectedPrevious, TimeSpan? requiredLeaseExpiry, CancellationToken cancellationToken);

    /// <summary>Deletes the entry if it still names this activation (CAS on activation id).</summary>
    ValueTask<bool> UnregisterAsync(GrainAddress address, CancellationToken cancellationToken);
}
