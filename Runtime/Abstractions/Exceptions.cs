namespace ClawChat.Runtime;

/// <summary>Why the runtime refused a call before running it.</summary>
public enum RejectionKind
{
    /// <summary>Retry may succeed (activation moving, silo starting).</summary>
    Transient,

    /// <summary>The target's request queue (or a send queue) is full.</summary>
    Overloaded,

    /// <summary>The silo is not active (starting, stopping).</summary>
    NotActive,

    /// <summary>The call would close a cycle of non-reentrant grains.</summary>
    Deadlock,

    /// <summary>The silo lost its cluster lease and runs no grain turns.</summary>
    Fenced,
}

/// <summary>The runtime refused a grain call without running it.</summary>
public class GrainCallRejectedException : Exception
{
    public GrainCallRejectedException()
    {
    }

    public GrainCallRejectedException(string message)
        : base(message)
    {
    }

    public GrainCallRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GrainCallRejectedException(RejectionKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public RejectionKind Kind { get; }
}

/// <summary>A call would close a cycle (A→B→A) through a non-reentrant activation that is busy with the
/// same call chain: it fails at once instead of waiting for the response timeout.</summary>
public class DeadlockException : GrainCallRejectedException
{
    public DeadlockException()
    {
    }

    public DeadlockException(string message)
        : base(RejectionKind.Deadlock, message)
    {
    }

    public DeadlockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The silo hosting the target died or is unreachable; the call's outcome is unknown.</summary>
public class SiloUnavailableException : Exception
{
    public SiloUnavailableException()
    {
    }

    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
