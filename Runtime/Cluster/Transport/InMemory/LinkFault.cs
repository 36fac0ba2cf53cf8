namespace ClawChat.Runtime.Cluster.Transport.InMemory;

/// <summary>What the in-memory network does to frames travelling one way between two silos.</summary>
/// <param name="Blocked">Partitioned: frames wait (as bytes do in a real network) until healed; the sender's
/// buffers then fill and its send queue reports Overloaded, as over TCP.</param>
/// <param name="Drop">Frames are discarded (message loss).</param>
/// <param name="Delay">Added latency per frame.</param>
internal readonly record struct LinkFault(bool Blocked, bool Drop, TimeSpan Delay)
{
    public static LinkFault None => default;

    public bool IsNone => this == default;
}
