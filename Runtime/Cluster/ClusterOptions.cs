namespace ClawChat.Runtime.Cluster;

/// <summary>Cluster mode (section <c>ClawChat:Cluster</c>): on when <see cref="Redis"/> is set.</summary>
public sealed class ClusterOptions
{
    /// <summary>Redis connection string (<c>host:port[,password=…]</c>); null means single-silo mode.</summary>
    public string? Redis { get; set; }

    /// <summary>Port of the silo-to-silo listener. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Address other silos use to reach this one. Default 127.0.0.1.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Cluster name: all Redis keys are prefixed with it, so clusters can share a Redis. Default "clawchat".</summary>
    public string ClusterId { get; set; } = "clawchat";

    /// <summary>Instance name for diagnostics (e.g. pod name). Default: the machine name.</summary>
    public string? SiloName { get; set; }
}
