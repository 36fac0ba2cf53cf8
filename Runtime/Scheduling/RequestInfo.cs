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
        ChainId = parent?.ChainId ?? Interlocked.Increment(ref s_nextChainId);
        Context = context;
    }

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

        return false;
    }

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
