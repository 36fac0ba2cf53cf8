using ClawChat.Runtime.Hosting;
using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Catalog;

/// <summary>Silo-wide objects every activation reaches through its <see cref="GrainTypeInfo"/>, so that a
/// record needs a single pointer for all of them.</summary>
internal sealed class GrainRuntimeShared
{
    public GrainRuntimeShared(GrainRuntimeOptions options, IServiceProvider services, ILogger logger, TimeProvider timeProvider)
    {
        Options = options;
        Services = services;
        Log = new RuntimeLog(logger);
        TimeProvider = timeProvider;
        TurnWarningMs = (long)options.TurnWarningThreshold.TotalMilliseconds;
        Catalog = new Catalog();
    }

    public GrainRuntimeOptions Options { get; }

    public IServiceProvider Services { get; }

    public RuntimeLog Log { get; }

    public TimeProvider TimeProvider { get; }

    public long TurnWarningMs { get; }

    public Catalog Catalog { get; }

    public GrainRuntime Runtime { get; set; } = null!;

    /// <summary>The cluster router; null in single-silo mode.</summary>
    public Cluster.ClusterRouter? Cluster { get; set; }
}
