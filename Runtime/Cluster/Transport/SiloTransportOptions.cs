namespace ClawChat.Runtime.Cluster.Transport;

/// <summary>Silo-to-silo transport settings (section <c>ClawChat:Cluster:Transport</c>). The defaults follow
/// brief C7/C8; the frame limit (4 MiB) is part of the protocol and not configurable.</summary>
public sealed class SiloTransportOptions
{
    public const string SectionName = "ClawChat:Cluster:Transport";

    /// <summary>Budget for TCP connect plus the preamble exchange. Default 5 s (Orleans' OpenConnectionTimeout).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait before redialling a peer whose dial failed; doubles per failure. Default 100 ms.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of the redial backoff. Default 5 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Frames a connection's send queue holds before senders get Overloaded. Default 4,096.</summary>
    public int SendQueueCapacity { get; set; } = 4096;

    /// <summary>Bytes a connection's send queue holds before senders get Overloaded. Default 8 MiB.</summary>
    public long SendQueueMaxBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Received requests a connection runs at once; past this it stops reading (TCP backpressure). Default 1,024.</summary>
    public int MaxConcurrentRequestsPerConnection { get; set; } = 1024;

    /// <summary>How long <see cref="ISiloTransport.StopAsync"/> waits for calls in flight and queued frames. Default 2 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often deadlines of calls in flight are checked; a call fails at most this late. Default 50 ms.</summary>
    public TimeSpan DeadlineCheckPeriod { get; set; } = TimeSpan.FromMilliseconds(50);
}
