namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>A join found a row for the same address (host, port and generation). Generations are unique
/// per process start, so this is a configuration error (two processes advertising one address), not an
/// outcome to handle.</summary>
public sealed class SiloAlreadyExistsException : InvalidOperationException
{
    public SiloAlreadyExistsException(SiloAddress silo)
        : base($"Silo {silo} is already in the membership table; each process start must use a new generation.")
    {
        Silo = silo;
    }

    public SiloAddress Silo { get; }
}
