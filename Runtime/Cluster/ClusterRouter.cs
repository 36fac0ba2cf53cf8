using ClawChat.Runtime.Catalog;
using ClawChat.Runtime.Cluster.Directory;
using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Cluster.Transport;
using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Cluster;

/// <summary>The cluster half of the call router (brief C5): decides whether a grain call runs here or on
/// another silo (location cache, then rendezvous placement over Active silos), sends remote calls, serves
/// calls from other silos, and registers activations in the directory before they run, so a grain is
/// never active on two silos at once.</summary>
internal sealed partial class ClusterRouter : IClusterMessageHandler
{
    /// <summary>A misrouted call is redirected at most this many times; after that the receiving silo
    /// activates it and the directory decides (brief C5: hop limit).</summary>
    public const int MaxHops = 2;

    /// <summary>Attempts for one call across redirections and transient rejections.</summary>
    private const int MaxAttempts = 5;

    private readonly GrainRuntimeShared _shared;
    private readonly IClusterMembershipService _membership;
    private readonly IGrainDirectory _directory;
    private readonly ISiloTransport _transport;
    private readonly MembershipOptions _membershipOptions;
    private readonly RemoteDispatcher _dispatcher;
    private readonly ClusterSerializer _serializer;
    private readonly LocationCache _cache = new(100_000);
    private readonly ILogger _logger;
    private IReadOnlyList<SiloAddress> _activeSilos = [];
    private MembershipSnapshot _snapshot = MembershipSnapshot.Empty;

    public ClusterRouter(GrainRuntimeShared shared, IClusterMembershipService membership, IGrainDirectory directory, ISiloTransport transport, MembershipOptions membershipOptions, ILogger logger)
    {
        _shared = shared;
        _membership = membership;
        _directory = directory;
        _transport = transport;
        _membershipOptions = membershipOptions;
        _logger = logger;
        _serializer = new ClusterSerializer(shared.Runtime);
        _dispatcher = new RemoteDispatcher(_serializer);
        membership.SnapshotChanged += OnSnapshotChanged;
        OnSnapshotChanged(membership.Current);
    }

    public SiloAddress LocalSilo => _membership.LocalSilo;

    /// <summary>True while this silo must not start grain turns (lost lease, strict fencing).</summary>
    public bool IsFenced => _membershipOptions.Fencing == FencingMode.Strict && !_membership.HasValidLease;

    internal LocationCache Cache => _cache;

    /// <summary>Where a call to <paramref name="grainId"/> should go: null means "here".</summary>
    public SiloAddress? Route(GrainId grainId)
    {
        if (grainId.Type == GrainType.Observer)
        {
            return ObserverSilo(grainId) is { } observerSilo && !observerSilo.Equals(LocalSilo) ? observerSilo : null;
        }

        if (_cache.TryGet(grainId, out var cached))
        {
            if (!cached.Equals(LocalSilo) && _snapshot.StatusOf(cached) is SiloStatus.Active or SiloStatus.ShuttingDown)
            {
                return cached;
            }

            _cache.Remove(grainId, cached);
        }

        var owner = Owner(grainId);
        return owner is null || owner.Equals(LocalSilo) ? null : owner;
    }

    /// <summary>The rendezvous owner among Active silos (null when none is active yet).</summary>
    public SiloAddress? Owner(GrainId grainId)
    {
        var active = _activeSilos;
        return active.Count == 0 ? null : RendezvousPlacement.SelectSilo(grainId, active);
    }

    /// <summary>The key of an observer reference created on this silo: "silo|id".</summary>
    public string ObserverKey(string id) => $"{LocalSilo}|{id}";

    private static SiloAddress? ObserverSilo(GrainId observerId)
    {
        var bar = observerId.Key.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 && SiloAddress.TryParse(observerId.Key[..bar], out var silo) ? silo : null;
    }

    private void OnSnapshotChanged(MembershipSnapshot snapshot)
    {
        var previous = _snapshot;
        if (snapshot.Version < previous.Version)
        {
            return;
        }

        _snapshot = snapshot;
        _activeSilos = snapshot.ActiveSilos;
        foreach (var (silo, record) in snapshot.Members)
        {
            if (record.Status == SiloStatus.Dead && previous.StatusOf(silo) != SiloStatus.Dead && !silo.Equals(LocalSilo))
            {
                _cache.RemoveSilo(silo);
                _transport.OnSiloDead(silo);
                Log.SiloDead(_logger, silo);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1100, LogLevel.Information, "Silo {Silo} is dead: failing its pending calls, forgetting its grains")]
        public static partial void SiloDead(ILogger logger, SiloAddress silo);

        [LoggerMessage(1101, LogLevel.Debug, "{GrainId} is active on {Winner}; forwarding")]
        public static partial void LostRegistration(ILogger logger, GrainId grainId, SiloAddress winner);

        [LoggerMessage(1103, LogLevel.Warning, "Unregistering {GrainId} failed")]
        public static partial void UnregisterFailed(ILogger logger, GrainId grainId, Exception exception);

        [LoggerMessage(1104, LogLevel.Debug, "One-way call to {GrainId} on {Silo} failed")]
        public static partial void OneWayFailed(ILogger logger, GrainId grainId, SiloAddress silo, Exception exception);

        [LoggerMessage(1105, LogLevel.Warning, "A call from {From} for unknown method {InterfaceId:x8}/{MethodId:x4}")]
        public static partial void UnknownMethod(ILogger logger, SiloAddress from, uint interfaceId, ushort methodId);
    }
}
