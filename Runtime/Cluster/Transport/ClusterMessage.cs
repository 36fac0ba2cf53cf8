namespace ClawChat.Runtime.Cluster.Transport;

/// <summary>One message between silos: a binary header (hand-written codec) and an opaque body (JSON).
/// Requests carry an absolute budget as <see cref="RemainingMs"/>, recomputed at each hop so clocks need
/// not agree; receivers drop requests whose budget ran out.</summary>
public sealed class ClusterMessage
{
    public MessageKind Kind { get; set; }

    /// <summary>Matches a response to its request (per sending silo). For MembershipChanged: the table version.</summary>
    public long CorrelationId { get; set; }

    /// <summary>Method flags of a request (ReadOnly, AlwaysInterleave, OneWay, …).</summary>
    public Invocation.MethodFlags Flags { get; set; }

    /// <summary>How many times the message was forwarded to another silo (misrouted calls).</summary>
    public byte Hops { get; set; }

    /// <summary>The target grain (requests and one-way messages).</summary>
    public GrainId Target { get; set; }

    public uint InterfaceId { get; set; }

    public ushort MethodId { get; set; }

    /// <summary>Milliseconds the caller will still wait.</summary>
    public int RemainingMs { get; set; }

    /// <summary>Call-chain id (call-chain reentrancy).</summary>
    public long ChainId { get; set; }

    /// <summary>Stable hashes of the grains on the call path (deadlock detection), at most 16.</summary>
    public ulong[]? CallPath { get; set; }

    /// <summary>Small request-context values (trace ids).</summary>
    public IReadOnlyDictionary<string, string>? Context { get; set; }

    /// <summary>For responses: success or error body.</summary>
    public ResponseStatus Status { get; set; }

    /// <summary>For Reject: why it was not run.</summary>
    public RejectionKind Rejection { get; set; }

    /// <summary>For Reject and forwarded calls: where the grain lives, when the receiver knows (cache hint).</summary>
    public SiloAddress? LocationHint { get; set; }

    /// <summary>UTF-8 JSON: the request object, the result, or a <see cref="RemoteExceptionInfo"/>.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }
}
