using System.Collections.Concurrent;
using ClawChat.Runtime.Cluster.Transport;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>An <see cref="ISiloTransport"/> test double over <see cref="FakeNetwork"/>: pings follow the
/// network's states and cuts, MembershipChanged is delivered to the target's handler, and every ping
/// is recorded (target and timeout) for assertions.</summary>
public sealed class FakeSiloTransport : ISiloTransport
{
    private readonly FakeNetwork _network;
    private readonly ConcurrentDictionary<SiloAddress, int> _pings = new();
    private long _lastTimeoutTicks;

    public FakeSiloTransport(FakeNetwork network, SiloAddress localSilo)
    {
        _network = network;
        LocalSilo = localSilo;
    }

    public SiloAddress LocalSilo { get; }

    public IClusterMessageHandler? Handler { get; private set; }

    public ConcurrentQueue<SiloAddress> DeadSilos { get; } = new();

    /// <summary>The timeout of the most recent direct ping.</summary>
    public TimeSpan LastPingTimeout => TimeSpan.FromTicks(Interlocked.Read(ref _lastTimeoutTicks));

    public int PingsTo(SiloAddress target) => _pings.GetValueOrDefault(target);

    public Task StartAsync(IClusterMessageHandler handler, CancellationToken cancellationToken)
    {
        Handler = handler;
        return Task.CompletedTask;
    }

    public Task<ClusterMessage> SendRequestAsync(SiloAddress target, ClusterMessage request, TimeSpan timeout, CancellationToken cancellationToken)
        => throw new NotSupportedException("Membership tests send no requests.");

    public void Send(SiloAddress target, ClusterMessage message) => _network.Deliver(LocalSilo, target, message);

    public async Task<TimeSpan?> PingAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastTimeoutTicks, timeout.Ticks);
        var answered = await _network.PingAsync(LocalSilo, target, timeout, cancellationToken);
        _pings.AddOrUpdate(target, 1, (_, n) => n + 1);
        return answered ? TimeSpan.FromMilliseconds(0.1) : null;
    }

    public async Task<bool> PingViaAsync(SiloAddress intermediary, SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
        => await _network.PingAsync(LocalSilo, intermediary, timeout, cancellationToken)
            && await _network.PingAsync(intermediary, target, timeout, cancellationToken);

    public void OnSiloDead(SiloAddress silo) => DeadSilos.Enqueue(silo);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
