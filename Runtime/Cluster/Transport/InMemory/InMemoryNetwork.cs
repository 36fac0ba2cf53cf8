using System.Collections.Concurrent;
using System.Net.Sockets;
using ClawChat.Runtime.Cluster.Transport.Connections;

namespace ClawChat.Runtime.Cluster.Transport.InMemory;

/// <summary>The wire between <see cref="InMemorySiloTransport"/>s of an in-process test cluster, with a fault
/// matrix per direction (brief C13). Connections are pipe pairs carrying the real frames, so transports behave
/// exactly as over TCP: a killed or disconnected silo fails calls in flight with SiloUnavailableException, a
/// partition stalls traffic until calls time out and send queues fill.</summary>
public sealed class InMemoryNetwork
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, InMemorySiloTransport> _silos = [];
    private readonly HashSet<SiloAddress> _killed = [];
    private readonly HashSet<InMemoryLink> _links = [];
    private readonly ConcurrentDictionary<(SiloAddress From, SiloAddress To), LinkFault> _faults = new();
    private TaskCompletionSource _faultsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every frame skip the fault lookup while no fault is injected (the usual case).</summary>
    private volatile bool _hasFaults;

    /// <summary>Abrupt death, as kill -9: every connection of <paramref name="silo"/> resets (calls in flight on
    /// them fail at once on both sides) and nobody can connect to or from it again.</summary>
    public void Kill(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        List<InMemoryLink> doomed;
        lock (_lock)
        {
            _killed.Add(silo);
            _silos.Remove(silo);
            doomed = [.. _links.Where(link => link.From.Equals(silo) || link.To.Equals(silo))];
        }

        var reason = new SocketException((int)SocketError.ConnectionReset);
        foreach (var link in doomed)
        {
            link.Abort(reason);
        }
    }

    /// <summary>Resets the connections between <paramref name="a"/> and <paramref name="b"/>; both may reconnect.</summary>
    public void Disconnect(SiloAddress a, SiloAddress b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        List<InMemoryLink> doomed;
        lock (_lock)
        {
            doomed = [.. _links.Where(link => (link.From.Equals(a) && link.To.Equals(b)) || (link.From.Equals(b) && link.To.Equals(a)))];
        }

        var reason = new SocketException((int)SocketError.ConnectionReset);
        foreach (var link in doomed)
        {
            link.Abort(reason);
        }
    }

    /// <summary>Frames from <paramref name="a"/> to <paramref name="b"/> (and back, unless <paramref name="oneWay"/>)
    /// stop moving until <see cref="Heal"/>: nothing is lost, but calls time out, probes fail and send queues fill.
    /// Since a request and its response share a connection, a one-way partition stalls calls in both directions
    /// (as a one-way packet drop does to TCP).</summary>
    public void Partition(SiloAddress a, SiloAddress b, bool oneWay = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Update(a, b, static fault => fault with { Blocked = true });
        if (!oneWay)
        {
            Update(b, a, static fault => fault with { Blocked = true });
        }
    }

    /// <summary>Frames from <paramref name="from"/> to <paramref name="to"/> are discarded until <see cref="Heal"/>.</summary>
    public void Drop(SiloAddress from, SiloAddress to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        Update(from, to, static fault => fault with { Drop = true });
    }

    /// <summary>Frames from <paramref name="from"/> to <paramref name="to"/> take <paramref name="delay"/> longer.</summary>
    public void Delay(SiloAddress from, SiloAddress to, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Update(from, to, fault => fault with { Delay = delay });
    }

    /// <summary>Clears every partition, drop and delay; held frames flow again. Killed silos stay dead.</summary>
    public void Heal()
    {
        lock (_lock)
        {
            _faults.Clear();
            _hasFaults = false;
            SignalFaultsChanged();
        }
    }

    internal void Register(InMemorySiloTransport transport)
    {
        lock (_lock)
        {
            if (_killed.Contains(transport.LocalSilo))
            {
                throw new InvalidOperationException($"Silo {transport.LocalSilo} was killed; a restarted silo needs a new generation.");
            }

            if (!_silos.TryAdd(transport.LocalSilo, transport))
            {
                throw new InvalidOperationException($"A transport for {transport.LocalSilo} is already on this network.");
            }
        }
    }

    internal void Unregister(InMemorySiloTransport transport)
    {
        lock (_lock)
        {
            if (_silos.TryGetValue(transport.LocalSilo, out var registered) && ReferenceEquals(registered, transport))
            {
                _silos.Remove(transport.LocalSilo);
            }
        }
    }

    /// <summary>Connects <paramref name="from"/> to <paramref name="to"/>, handing the far end to the target
    /// transport; refused (as by a closed port) when either side is killed or the target is not running.</summary>
    internal SiloPipe Connect(SiloAddress from, SiloAddress to)
    {
        InMemorySiloTransport? target;
        InMemoryLink forward;
        InMemoryLink backward;
        lock (_lock)
        {
            if (_killed.Contains(from) || _killed.Contains(to) || !_silos.TryGetValue(to, out target))
            {
                throw new SocketException((int)SocketError.ConnectionRefused);
            }

            forward = new InMemoryLink(this, from, to);
            backward = new InMemoryLink(this, to, from);
            _links.Add(forward);
            _links.Add(backward);
        }

        forward.Start();
        backward.Start();
        _ = target.AcceptAsync(new InMemorySiloPipe(forward, backward));
        return new InMemorySiloPipe(backward, forward);
    }

    internal void OnLinkClosed(InMemoryLink link)
    {
        lock (_lock)
        {
            _links.Remove(link);
        }
    }

    /// <summary>The fault for a frame about to cross, after waiting out a partition.</summary>
    internal async ValueTask<LinkFault> WaitUntilPassableAsync(SiloAddress from, SiloAddress to, CancellationToken cancellationToken)
    {
        while (_hasFaults)
        {
            // Take the signal before reading the fault, so a change in between is not missed.
            var changed = Volatile.Read(ref _faultsChanged).Task;
            if (!_faults.TryGetValue((from, to), out var fault) || !fault.Blocked)
            {
                return fault;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return LinkFault.None;
    }

    private void Update(SiloAddress from, SiloAddress to, Func<LinkFault, LinkFault> change)
    {
        lock (_lock)
        {
            _faults[(from, to)] = change(_faults.GetValueOrDefault((from, to)));
            _hasFaults = true;
            SignalFaultsChanged();
        }
    }

    private void SignalFaultsChanged()
    {
        var previous = _faultsChanged;
        _faultsChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
