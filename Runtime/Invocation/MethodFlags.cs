namespace ClawChat.Runtime.Invocation;

/// <summary>Per-method call options, computed at compile time by the source generator.</summary>
[Flags]
public enum MethodFlags
{
    None = 0,

    /// <summary><see cref="ReadOnlyAttribute"/>: interleaves with other read-only requests.</summary>
    ReadOnly = 1,

    /// <summary><see cref="AlwaysInterleaveAttribute"/>: interleaves with anything.</summary>
    AlwaysInterleave = 2,

    /// <summary><see cref="OneWayAttribute"/>: no response.</summary>
    OneWay = 4,

    /// <summary>The grain method takes a <see cref="CancellationToken"/>: the runtime supplies one that is
    /// cancelled at the call's deadline or when the activation deactivates.</summary>
    HasCancellation = 8,
}
