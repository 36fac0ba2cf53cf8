namespace ClawChat.Runtime.Cluster.Transport;

/// <summary>Frame kinds on the silo-to-silo connection (brief C7).</summary>
public enum MessageKind : byte
{
    Request = 1,
    Response = 2,
    OneWay = 3,

    /// <summary>A response saying the request was not run (see <see cref="ClusterMessage.Rejection"/>).</summary>
    Reject = 4,
    Ping = 6,
    Pong = 7,

    /// <summary>Gossip: the sender wrote a membership change; refresh to at least <see cref="ClusterMessage.CorrelationId"/> (the version).</summary>
    MembershipChanged = 8,

    /// <summary>Indirect probe: the receiver pings <see cref="ClusterMessage.LocationHint"/> within
    /// <see cref="ClusterMessage.RemainingMs"/> and answers with a Pong whose <see cref="ClusterMessage.Status"/> is
    /// Ok when the target answered (brief C4: a suspect is confirmed through a third silo).</summary>
    IndirectPing = 9,
}

/// <summary>How a response completed.</summary>
public enum ResponseStatus : byte
{
    /// <summary>Body is the JSON result.</summary>
    Ok = 0,

    /// <summary>Body is a serialized exception (<see cref="RemoteExceptionInfo"/>).</summary>
    Error = 1,
}
