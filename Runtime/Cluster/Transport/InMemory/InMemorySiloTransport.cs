using ClawChat.Runtime.Cluster.Transport.Connections;
using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Cluster.Transport.InMemory;

/// <summary>A silo's transport in an in-process test cluster: the semantics of <see cref="SiloTransportBase"/>
/// (same framing, queues, correlation and deadlines) over an <see cref="InMemoryNetwork"/> instead of sockets.</summary>
public sealed class InMemorySiloTransport : SiloTransportBase
{
    private readonly InMemoryNetwork _network;

    /// <param name="timeProvider">Clock for deadlines, connect timeouts and backoff (fake time in tests); default system.</param>
    public InMemorySiloTransport(
        InMemoryNetwork network,
        SiloAddress localSilo,
        string clusterId,
        SiloTransportOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
        : base(localSilo, clusterId, options, loggerFactory, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
    }

    internal override ValueTask<SiloPipe> OpenPipeAsync(SiloAddress target, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_network.Connect(LocalSilo, target));

    private protected override Task OnStartingAsync(CancellationToken cancellationToken)
    {
        _network.Register(this);
        return Task.CompletedTask;
    }

    private protected override Task OnStoppedAsync(CancellationToken cancellationToken)
    {
        _network.Unregister(this);
        return Task.CompletedTask;
    }
}
