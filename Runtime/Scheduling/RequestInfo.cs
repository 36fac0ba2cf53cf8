using ClawChat.Runtime.Catalog;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Scheduling;

/// <summary>One admitted (or waiting) request: which activation runs it, its kind, and the request that
/// made the call (<see cref="Parent"/>). The parent links form the call path used for deadlock detection;
/// <see cref="ChainId"/> identifies the whole call chain for call-chain reentrancy.</summary>
internal sealed class RequestInfo
{
    /// <summary>Longest call path walked when looking for a cycle; deeper chains are not checked.</summary>
    public const int MaxPathDepth = 16;

    private static long s_nextChainId;

    public RequestInfo(ActivationRecord target, MethodFlags flags, RequestInfo? parent, IReadOnlyDictionary<string, string>? context)
    {
        Target = target;
        Flags = flags;
        Parent = parent;
        ChainId = parent?.ChainId ?? NewChainId();
        Context = context;
        RemotePath = parent?.RemotePath;
    }

    /// <summary>A request that arrived from another silo: its chain id and the call path it carried.</summary>
    public RequestInfo(ActivationRecord target, MethodFlags flags, long chainId, ulong[]? remotePath, IReadOnlyDictionary<string, string>? context)
    {
        Target = target;
        Flags = flags;
        ChainId = chainId == 0 ? NewChainId() : chainId;
        RemotePath = remotePath;
        Context = context;
    }

    /// <summary>Grain hashes of the callers on other silos (from the message header), outermost first.</summary>
    public ulong[]? RemotePath { get; }

    public ActivationRecord Target { get; }

    /// <summary>False for timer ticks without KeepAlive: they don't keep the activation from idle collection.</summary>
    public bool CountsAsActivity { get; init; } = true;

    public MethodFlags Flags { get; }

    public RequestInfo? Parent { get; }

    public long ChainId { get; }

    /// <summary>The caller's <see cref="RequestContext"/> values, flowed to the callee.</summary>
    public IReadOnlyDictionary<string, string>? Context { get; }

    /// <summary>Cancelled at the deadline or when the activation deactivates; only for methods that take a token.</summary>
    public CancellationTokenSource? Cancellation { get; set; }

    /// <summary>True when <paramref name="activation"/> is already on this request's call path (a cycle).</summary>
    public bool PathContains(ActivationRecord activation)
    {
        var depth = 0;
        for (var node = Parent; node is not null && depth < MaxPathDepth; node = node.Parent, depth++)
        {
            if (ReferenceEquals(node.Target, activation))
            {
                return true;
            }
        }

        return RemotePath is { } remote && Array.IndexOf(remote, activation.GrainId.StableHash) >= 0;
    }

    /// <summary>Whether this request has callers at all (locally or on other silos).</summary>
    public bool HasCallers => Parent is not null || RemotePath is { Length: > 0 };

    /// <summary>The call path to send with a call made by this request: the callers' hashes then this grain's.</summary>
    public ulong[] PathForOutgoingCall()
    {
        var hashes = new List<ulong>(4);
        var depth = 0;
        for (var node = this; node is not null && depth < MaxPathDepth; node = node.Parent, depth++)
        {
            hashes.Add(node.Target.GrainId.StableHash);
        }

        hashes.Reverse();
        if (RemotePath is { } remote)
        {
            hashes.InsertRange(0, remote);
        }

        return hashes.Count > MaxPathDepth ? hashes.GetRange(hashes.Count - MaxPathDepth, MaxPathDepth).ToArray() : hashes.ToArray();
    }

    private static long NewChainId() => Interlocked.Increment(ref s_nextChainId) ^ ((long)Environment.ProcessId << 40);

    public string DescribePath()
    {
        var names = new List<string> { Target.GrainId.ToString() };
        var depth = 0;
        for (var node = Parent; node is not null && depth < MaxPathDepth; node = node.Parent, depth++)
        {
            names.Add(node.Target.GrainId.ToString());
        }

        names.Reverse();
        return string.Join(" -> ", names);
    }
}
