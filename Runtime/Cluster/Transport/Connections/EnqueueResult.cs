namespace ClawChat.Runtime.Cluster.Transport.Connections;

internal enum EnqueueResult
{
    Queued,

    /// <summary>The send queue is at its frame or byte cap: the caller gets Overloaded.</summary>
    Full,

    /// <summary>The connection closed; calls tracked on it are failed by the close.</summary>
    Closed,
}
