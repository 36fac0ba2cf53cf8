using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>The grain directory in process memory, for the in-process test cluster. It takes the
/// decisions of the Redis scripts (<see cref="DirectoryScripts"/>), reading heartbeat times and the clock
/// from the <see cref="InMemoryMembershipTable"/> the way the scripts read <c>mx:{c}:alive</c> and
/// <c>TIME</c>. One lock serialises operations, as Redis runs one script at a time.</summary>
public sealed class InMemoryGrainDirectory : IGrainDirectory
{
    private readonly InMemoryMembershipTable _membership;
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, GrainAddress> _entries = [];

    public InMemoryGrainDirectory(InMemoryMembershipTable membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        _membership = membership;
    }

    /// <summary>Entries currently registered (diagnostics and tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public ValueTask<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult(_entries.GetValueOrDefault(grainId));
        }
    }

    public ValueTask<(GrainAddress Winner, TimeSpan? RetryAfter)> RegisterAsync(
        GrainAddress address, GrainAddress? expectedPrevious, TimeSpan? requiredLeaseExpiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_entries.TryGetValue(address.GrainId, out var current))
            {
                if (expectedPrevious is null || current.ActivationId != expectedPrevious.ActivationId)
                {
                    return ValueTask.FromResult<(GrainAddress, TimeSpan?)>((current, null));
                }

                if (requiredLeaseExpiry is { } lease
                    && current.Silo != address.Silo
                    && _membership.TryGetLastAliveMs(current.Silo, out var aliveMs))
                {
                    var expires = aliveMs + (long)Math.Ceiling(lease.TotalMilliseconds);
                    var now = _membership.NowMs;
                    if (now < expires)
                    {
                        return ValueTask.FromResult<(GrainAddress, TimeSpan?)>((current, TimeSpan.FromMilliseconds(expires - now)));
                    }
                }
            }

            _entries[address.GrainId] = address;
            return ValueTask.FromResult<(GrainAddress, TimeSpan?)>((address, null));
        }
    }

    public ValueTask<bool> UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_entries.TryGetValue(address.GrainId, out var current) && current.ActivationId == address.ActivationId)
            {
                _entries.Remove(address.GrainId);
                return ValueTask.FromResult(true);
            }

            return ValueTask.FromResult(false);
        }
    }
}
