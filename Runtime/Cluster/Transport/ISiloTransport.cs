using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Transport;

/// <summary>Receives what other silos send.</summary>
public interface IClusterMessageHandler
{
    /// <summary>Handles a Request (returns the Response or Reject to send back) or a OneWay (returns null).</summary>
    ValueTask<ClusterMessage?> HandleAsync(SiloAddress from, ClusterMessage message, CancellationToken cancellationToken);

    /// <summary>A peer wrote a membership change at <paramref name="version"/>.</summary>
    void OnMembershipChanged(SiloAddress from, long version);
}

/// <summary>Silo-to-silo messaging (brief C7–C8): length-prefixed frames, request/response correlation,
/// one-way messages, bounded send queues, pings for probes. TCP over Kestrel in production; an in-memory
/// implementation with fault injection for the in-process test cluster.</summary>
public interface ISiloTransport : IAsyncDisposable
{
    SiloAddress LocalSilo { get; }

    /// <summary>Starts accepting connections and delivering messages to <paramref name="handler"/>.</summary>
    Task StartAsync(IClusterMessageHandler handler, CancellationToken cancellationToken);

    /// <summary>Sends a request and waits for its Response/Reject. Throws <see cref="SiloUnavailableException"/>
    /// when the target cannot be reached or dies with the call in flight, <see cref="TimeoutException"/> at the
    /// deadline, <see cref="GrainCallRejectedException"/> (Overloaded) when the send queue is full.</summary>
    Task<ClusterMessage> SendRequestAsync(SiloAddress target, ClusterMessage request, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Best-effort send without response (OneWay, MembershipChanged).</summary>
    void Send(SiloAddress target, ClusterMessage message);

    /// <summary>Probes a peer over the data path; the round-trip time, or null on failure/timeout.</summary>
    Task<TimeSpan?> PingAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Asks <paramref name="intermediary"/> to ping <paramref name="target"/> (indirect probe); true if it answered.</summary>
    Task<bool> PingViaAsync(SiloAddress intermediary, SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The silo was declared dead: fail everything pending towards it with SiloUnavailableException and drop its connections.</summary>
    void OnSiloDead(SiloAddress silo);

    /// <summary>Stops accepting and closes connections (pending calls fail).</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
