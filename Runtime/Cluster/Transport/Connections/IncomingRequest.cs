namespace ClawChat.Runtime.Cluster.Transport.Connections;

/// <summary>Hands a received Request/OneWay to the thread pool, so handler code (even a synchronous prefix)
/// never runs on the read loop, where it would delay every later frame, pongs included.</summary>
internal sealed class IncomingRequest(SiloConnection connection, ClusterMessage message) : IThreadPoolWorkItem
{
    public void Execute() => _ = connection.DispatchAsync(message);
}
