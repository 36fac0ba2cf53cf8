namespace ClawChat.Runtime.Cluster.Transport.Framing;

/// <summary>Bytes from a peer that break the wire format (bad length, unknown kind, field over its limit).
/// The connection that produced them is closed: after a framing error nothing later on it can be trusted.</summary>
internal sealed class ClusterProtocolException : Exception
{
    public ClusterProtocolException()
    {
    }

    public ClusterProtocolException(string message)
        : base(message)
    {
    }

    public ClusterProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
