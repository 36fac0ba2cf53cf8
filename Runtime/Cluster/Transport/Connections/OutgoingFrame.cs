namespace ClawChat.Runtime.Cluster.Transport.Connections;

/// <summary>A message waiting in a connection's send queue, measured by the caller so the writer loop does no
/// size work and the queue's byte cap is exact. A frame without a message only wakes the writer.</summary>
internal readonly record struct OutgoingFrame(ClusterMessage? Message, int HeaderLength, int Size)
{
    public static OutgoingFrame WakeUp => default;
}
