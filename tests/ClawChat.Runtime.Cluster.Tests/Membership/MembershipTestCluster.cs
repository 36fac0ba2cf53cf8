using ClawChat.Runtime.Cluster.Membership;
using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>N membership services over one in-memory table and a <see cref="FakeNetwork"/>, on the real
/// clock with short timings (see <see cref="FastOptions"/>).</summary>
public sealed class MembershipTestCluster : IAsyncDisposable
{
    private readonly long _generationBase = SiloAddress.NewGeneration();
    private readonly List<MembershipService> _services = [];
    private readonly Dictionary<MembershipService, FakeSiloTransport> _transports = [];

    public MembershipTestCluster(MembershipOptions? options = null, Func<InMemoryMembershipTable, IMembershipTable>? wrapTable = null)
    {
        Options = options ?? FastOptions();
        Store = new InMemoryMembershipTable();
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        Table = wrapTable?.Invoke(Store) ?? Store;
    }

    public InMemoryMembershipTable Store { get; }

    public IMembershipTable Table { get; }

    public FakeNetwork Network { get; } = new();

    public MembershipOptions Options { get; }

    /// <summary>Every log line of every silo, for failure diagnostics.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Heartbeat 100 ms, lease 800 ms (valid 600 ms after a send), probes every 100 ms with a
    /// 100 ms timeout, 3 misses, stale after 400 ms, refresh every 500 ms, join timeout 1 s.</summary>
    public static MembershipOptions FastOptions() => new()
    {
        HeartbeatPeriod = TimeSpan.FromMilliseconds(100),
        LeaseTimeout = TimeSpan.FromMilliseconds(800),
        ProbeInterval = TimeSpan.FromMilliseconds(100),
        ProbeTimeout = TimeSpan.FromMilliseconds(100),
        MissedProbesLimit = 3,
        StaleAfter = TimeSpan.FromMilliseconds(400),
        VoteExpiry = TimeSpan.FromSeconds(10),
        RefreshPeriod = TimeSpan.FromMilliseconds(500),
        JoinTimeout = TimeSpan.FromSeconds(1),
    };

    public SiloAddress Address(int n) => new("127.0.0.1", 11000 + n, _generationBase + n);

    public FakeSiloTransport TransportOf(MembershipService silo) => _transports[silo];

    /// <summary>Creates silo <paramref name="n"/> (not yet joined).</summary>
    public MembershipService Create(int n)
    {
        var address = Address(n);
        var transport = Network.CreateTransport(address);
        var service = new MembershipService(address, $"silo-{n}", 8000 + n, Table, transport, Options, loggerFactory: LoggerFactory);
        transport.StartAsync(new MembershipGossipHandler(service), default).GetAwaiter().GetResult();
        _services.Add(service);
        _transports[service] = transport;
        return service;
    }

    public async Task<MembershipService> StartAsync(int n)
    {
        var service = Create(n);
        await service.JoinAsync(default);
        return service;
    }

    /// <summary>kill -9: the process stops answering and heartbeating, without leaving.</summary>
    public async Task CrashAsync(MembershipService silo, FakeNodeState how = FakeNodeState.Crashed)
    {
        Network.SetState(silo.LocalSilo, how);
        await silo.DisposeAsync();
    }

    /// <summary>True when any silo's local-health gate tripped (timer lag above 500 ms, e.g. on a loaded
    /// CI machine): it then rightly withheld votes for <see cref="LocalHealthMonitor.DegradedHold"/>.</summary>
    public bool AnySiloWasDegraded => Logs.Lines.Any(l => l.Contains("[1230]", StringComparison.Ordinal));

    /// <summary><paramref name="expected"/>, plus the degraded hold if the local-health gate tripped.</summary>
    public TimeSpan DetectionBound(TimeSpan expected)
        => AnySiloWasDegraded ? expected + LocalHealthMonitor.DegradedHold + (Options.ProbeTimeout * 4) : expected;

    public async Task<SiloStatus> StatusInTableAsync(SiloAddress silo) => (await Store.ReadAllAsync(default)).StatusOf(silo);

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        LoggerFactory.Dispose();
    }
}
