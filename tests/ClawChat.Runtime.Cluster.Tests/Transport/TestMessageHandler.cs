using System.Collections.Concurrent;
using ClawChat.Runtime.Cluster;
using ClawChat.Runtime.Cluster.Transport;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

/// <summary>A message handler for transport tests: answers requests with <see cref="OnRequest"/> (echo by
/// default) and records one-way messages and gossip.</summary>
internal sealed class TestMessageHandler : IClusterMessageHandler
{
    public Func<SiloAddress, ClusterMessage, CancellationToken, ValueTask<ClusterMessage?>> OnRequest { get; set; } = Echo;

    public ConcurrentQueue<(SiloAddress From, ClusterMessage Message)> OneWays { get; } = new();

    public ConcurrentQueue<(SiloAddress From, long Version)> Gossip { get; } = new();

    public int RequestsSeen => Volatile.Read(ref _requestsSeen);

    private int _requestsSeen;

    /// <summary>A handler that never answers (until the connection closes).</summary>
    public static TestMessageHandler Silent() => new()
    {
        OnRequest = static async (_, _, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        },
    };

    public static ValueTask<ClusterMessage?> Echo(SiloAddress from, ClusterMessage request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ClusterMessage?>(new ClusterMessage { Kind = MessageKind.Response, Status = ResponseStatus.Ok, Body = request.Body.ToArray() });

    public ValueTask<ClusterMessage?> HandleAsync(SiloAddress from, ClusterMessage message, CancellationToken cancellationToken)
    {
        if (message.Kind == MessageKind.OneWay)
        {
            OneWays.Enqueue((from, message));
            return ValueTask.FromResult<ClusterMessage?>(null);
        }

        Interlocked.Increment(ref _requestsSeen);
        return OnRequest(from, message, cancellationToken);
    }

    public void OnMembershipChanged(SiloAddress from, long version) => Gossip.Enqueue((from, version));
}
