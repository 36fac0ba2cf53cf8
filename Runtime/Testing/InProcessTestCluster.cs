using System.Net;
using System.Reflection;
using ClawChat.Runtime.Cluster;
using ClawChat.Runtime.Cluster.Directory;
using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Cluster.Transport;
using ClawChat.Runtime.Cluster.Transport.InMemory;
using ClawChat.Runtime.Cluster.Transport.Tcp;
using ClawChat.Runtime.Hosting;
using ClawChat.Runtime.Redis;
using ClawChat.Runtime.Redis.PubSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Runtime.Testing;

/// <summary>Several silos in one process (Orleans' InProcessTestCluster idea): in-memory membership,
/// directory and transport by default, or real Redis and TCP on loopback when
/// <see cref="TestClusterOptions.Redis"/> is set. Silos can be added, stopped gracefully or killed.</summary>
public sealed class InProcessTestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly List<TestClusterSilo> _silos = [];
    private readonly InMemoryNetwork _network = new();
    private readonly InMemoryMembershipTable _memoryTable = new();
    private readonly InMemoryGrainDirectory _memoryDirectory;
    private readonly ServiceProvider _services;
    private RedisClient? _redis;
    private RedisSubscriber? _subscriber;

    private InProcessTestCluster(TestClusterOptions options)
    {
        _options = options;
        _memoryDirectory = new InMemoryGrainDirectory(_memoryTable);
        var services = new ServiceCollection();
        options.ConfigureServices?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    /// <summary>Live silos (started and not stopped or killed).</summary>
    public IReadOnlyList<TestClusterSilo> Silos
    {
        get
        {
            lock (_silos)
            {
                return _silos.Where(s => s.IsAlive).ToList();
            }
        }
    }

    /// <summary>The network of the in-memory transport (partitions, drops, delays).</summary>
    public InMemoryNetwork Network => _network;

    /// <summary>The services every silo shares (storage, test doubles).</summary>
    public IServiceProvider Services => _services;

    /// <summary>A grain factory on the first live silo.</summary>
    public IGrainFactory Client => Silos[0].Factory;

    public static async Task<InProcessTestCluster> StartAsync(int siloCount, Action<TestClusterOptions>? configure = null)
    {
        var options = new TestClusterOptions();
        configure?.Invoke(options);
        var cluster = new InProcessTestCluster(options);
        if (options.Redis is not null)
        {
            cluster._redis = await RedisClient.ConnectAsync(options.Redis).ConfigureAwait(false);
            cluster._subscriber = await RedisSubscriber.ConnectAsync(RedisOptions.Parse(options.Redis)).ConfigureAwait(false);
        }

        for (var i = 0; i < siloCount; i++)
        {
            await cluster.StartSiloAsync().ConfigureAwait(false);
        }

        await cluster.WaitForLivenessAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return cluster;
    }

    public async Task<TestClusterSilo> StartSiloAsync()
    {
        var loggerFactory = _options.LoggerFactory ?? NullLoggerFactory.Instance;
        ISiloTransport transport;
        KestrelSiloListener? listener = null;
        IMembershipTable table;
        IGrainDirectory directory;
        if (_redis is null)
        {
            var address = new SiloAddress("127.0.0.1", 20000 + _silos.Count, SiloAddress.NewGeneration());
            transport = new InMemorySiloTransport(_network, address, _options.ClusterId, loggerFactory: loggerFactory);
            table = _memoryTable;
            directory = _memoryDirectory;
        }
        else
        {
            // The silo starts the transport with its router; the listener only needs to exist first (port 0 → free port).
            listener = await KestrelSiloListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), loggerFactory, CancellationToken.None).ConfigureAwait(false);
            var tcp = new TcpSiloTransport(new SiloAddress("127.0.0.1", listener.EndPoint.Port, SiloAddress.NewGeneration()), _options.ClusterId, loggerFactory: loggerFactory);
            listener.Attach(tcp);
            transport = tcp;
            var redisTable = new RedisMembershipTable(_redis, _options.ClusterId, loggerFactory.CreateLogger<RedisMembershipTable>());
            await redisTable.SubscribeAsync(_subscriber!, CancellationToken.None).ConfigureAwait(false);
            table = redisTable;
            directory = new RedisGrainDirectory(_redis, _options.ClusterId);
        }

        var membership = new MembershipService(transport.LocalSilo, $"silo-{_silos.Count}", 0, table, transport, _options.Membership, loggerFactory: loggerFactory);
        var silo = new GrainSilo(_options.Runtime, _services, _options.GrainAssemblies, loggerFactory, cluster: new ClusterComponents(membership, directory, transport, _options.Membership));
        var handle = new TestClusterSilo(silo, transport.LocalSilo) { Listener = listener };
        lock (_silos)
        {
            _silos.Add(handle);
        }

        await silo.StartAsync().ConfigureAwait(false);
        return handle;
    }

    /// <summary>Graceful stop: the silo leaves, deactivates its grains (state written) and unregisters them.</summary>
    public async Task StopSiloAsync(TestClusterSilo silo)
    {
        silo.IsAlive = false;
        await silo.Silo.StopAsync().ConfigureAwait(false);
        if (silo.Listener is { } listener)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Abrupt death: connections reset, no membership writes, no deactivation.</summary>
    public async Task KillSiloAsync(TestClusterSilo silo)
    {
        silo.IsAlive = false;
        if (_redis is null)
        {
            _network.Kill(silo.Address);
        }

        if (silo.Listener is { } listener)
        {
            // Closing the listener and connections is what the peers see of a kill -9.
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        await silo.Silo.KillAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until every live silo is Active and sees exactly the live silos as Active.</summary>
    public async Task WaitForLivenessAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var live = Silos;
            var expected = live.Select(s => s.Address).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToList();
            if (live.All(s => s.Silo.IsReady && s.Silo.ActiveSilos.SequenceEqual(expected)))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var views = string.Join("; ", live.Select(s => $"{s.Address}: ready={s.Silo.IsReady} sees [{string.Join(", ", s.Silo.ActiveSilos)}]"));
                throw new TimeoutException($"Cluster membership did not converge within {timeout}: {views}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>The live silos holding a valid activation of <paramref name="grainId"/>.</summary>
    public IReadOnlyList<SiloAddress> FindActivations(GrainId grainId) =>
        Silos.Where(s => s.Silo.ValidActivations().Contains(grainId)).Select(s => s.Address).ToList();

    /// <summary>For every grain active anywhere, the silos it is active on (integrity checks).</summary>
    public IReadOnlyDictionary<GrainId, IReadOnlyList<SiloAddress>> SnapshotActivations()
    {
        var map = new Dictionary<GrainId, List<SiloAddress>>();
        foreach (var silo in Silos)
        {
            foreach (var id in silo.Silo.ValidActivations())
            {
                if (!map.TryGetValue(id, out var list))
                {
                    map[id] = list = [];
                }

                list.Add(silo.Address);
            }
        }

        return map.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<SiloAddress>)kv.Value);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await StopSiloAsync(silo).ConfigureAwait(false);
        }

        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync().ConfigureAwait(false);
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }

        await _services.DisposeAsync().ConfigureAwait(false);
    }

}

/// <summary>Options of an <see cref="InProcessTestCluster"/>.</summary>
public sealed class TestClusterOptions
{
    public string ClusterId { get; set; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Redis for real membership and directory (with TCP transport); null = all in memory.</summary>
    public string? Redis { get; set; }

    public List<Assembly> GrainAssemblies { get; } = [];

    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public ILoggerFactory? LoggerFactory { get; set; }

    public GrainRuntimeOptions Runtime { get; set; } = new() { ShutdownTimeout = TimeSpan.FromSeconds(10) };

    /// <summary>Fast timings so failures are detected within a couple of seconds in tests.</summary>
    public MembershipOptions Membership { get; set; } = new()
    {
        HeartbeatPeriod = TimeSpan.FromMilliseconds(250),
        LeaseTimeout = TimeSpan.FromSeconds(1.5),
        ProbeInterval = TimeSpan.FromMilliseconds(250),
        ProbeTimeout = TimeSpan.FromMilliseconds(250),
        StaleAfter = TimeSpan.FromSeconds(1.5),
        RefreshPeriod = TimeSpan.FromSeconds(1),
        JoinTimeout = TimeSpan.FromSeconds(5),
    };
}

/// <summary>One silo of an <see cref="InProcessTestCluster"/>.</summary>
public sealed class TestClusterSilo(GrainSilo silo, SiloAddress address)
{
    public GrainSilo Silo { get; } = silo;

    public SiloAddress Address { get; } = address;

    public IGrainFactory Factory => Silo.Runtime;

    public bool IsAlive { get; internal set; } = true;

    internal KestrelSiloListener? Listener { get; init; }

    public override string ToString() => Address.ToString();
}
