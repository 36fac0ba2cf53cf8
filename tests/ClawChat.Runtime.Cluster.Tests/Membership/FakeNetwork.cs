using System.Collections.Concurrent;
using ClawChat.Runtime.Cluster.Transport;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>How a silo answers pings in the fake network.</summary>
public enum FakeNodeState
{
    /// <summary>Answers at once.</summary>
    Up,

    /// <summary>Process gone, host up: connects are refused, so pings fail at once (RST).</summary>
    Crashed,

    /// <summary>Host or network gone: pings time out.</summary>
    Hung,
}

/// <summary>An in-process network for membership tests: which silos answer pings, which links are
/// cut, and gossip delivery to each silo's handler. Addresses never registered behave as Crashed
/// (the process of a stale row is gone).</summary>
public sealed class FakeNetwork
{
    private readonly ConcurrentDictionary<SiloAddress, FakeSiloTransport> _transports = new();
    private readonly ConcurrentDictionary<SiloAddress, FakeNodeState> _states = new();
    private readonly ConcurrentDictionary<(SiloAddress From, SiloAddress To), bool> _cut = new();

    /// <summary>When false, MembershipChanged gossip is dropped (to test the other refresh paths).</summary>
    public bool DeliverGossip { get; set; } = true;

    public FakeSiloTransport CreateTransport(SiloAddress silo)
    {
        var transport = new FakeSiloTransport(this, silo);
        _transports[silo] = transport;
        _states[silo] = FakeNodeState.Up;
        return transport;
    }

    public void SetState(SiloAddress silo, FakeNodeState state) => _states[silo] = state;

    /// <summary>Pings from <paramref name="from"/> to <paramref name="to"/> time out (one direction only).</summary>
    public void Cut(SiloAddress from, SiloAddress to) => _cut[(from, to)] = true;

    public FakeNodeState StateOf(SiloAddress silo) => _states.GetValueOrDefault(silo, FakeNodeState.Crashed);

    internal async Task<bool> PingAsync(SiloAddress from, SiloAddress to, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var state = _cut.ContainsKey((from, to)) ? FakeNodeState.Hung : StateOf(to);
        switch (state)
        {
            case FakeNodeState.Up:
                await Task.Yield();
                return true;
            case FakeNodeState.Crashed:
                await Task.Yield();
                return false;
            default:
                await Task.Delay(timeout, cancellationToken);
                return false;
        }
    }

    internal void Deliver(SiloAddress from, SiloAddress to, ClusterMessage message)
    {
        if (message.Kind != MessageKind.MembershipChanged
            || !DeliverGossip
            || StateOf(to) != FakeNodeState.Up
            || _cut.ContainsKey((from, to))
            || !_transports.TryGetValue(to, out var target))
        {
            return;
        }

        target.Handler?.OnMembershipChanged(from, message.CorrelationId);
    }
}
