using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ClawChat.Runtime.Cluster.Transport;
using Microsoft.AspNetCore.Hosting;
using ClawChat.Runtime.Cluster.Transport.Framing;
using ClawChat.Runtime.Cluster.Transport.Tcp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ClawChat.Runtime.Cluster.Tests.Transport.TransportTestMessages;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

/// <summary>The shared behaviours over real sockets on 127.0.0.1 (ports from binding port 0), plus what only
/// TCP has: the Kestrel listener, preamble and frame checks against raw sockets.</summary>
public sealed class TcpSiloTransportTests : SiloTransportBehaviourTests
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public TcpSiloTransportTests()
    {
        _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
    }

    [Fact]
    public async Task Listener_ClosesTheConnection_WhenThePeerDoesNotSendTheMagic()
    {
        var server = await StartAsync();
        using var socket = await ConnectRawAsync(server.LocalSilo);

        await socket.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        Assert.True(await IsClosedByPeerAsync(socket), "The listener kept a connection that did not start with MXA1.");
    }

    [Fact]
    public async Task Listener_ClosesTheConnectionWithoutAnswering_WhenThePreambleNamesAnotherCluster()
    {
        var server = await StartAsync();
        using var socket = await ConnectRawAsync(server.LocalSilo);
        var stranger = new SiloAddress("127.0.0.1", 1, SiloAddress.NewGeneration());

        await socket.SendAsync(Preamble(new ConnectionPreamble(ConnectionPreamble.CurrentVersion, "another-cluster", stranger, server.LocalSilo)));

        Assert.True(await IsClosedByPeerAsync(socket), "The listener accepted a silo of another cluster.");
        Assert.Contains(_logs.Entries, entry => entry.EventId.Id == 1405 && entry.Message.Contains("another-cluster", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listener_ClosesTheConnectionAndLogsAnError_WhenAFrameExceedsFourMebibytes()
    {
        var server = await StartAsync();
        using var socket = await ConnectRawAsync(server.LocalSilo);
        var peer = new SiloAddress("127.0.0.1", 1, SiloAddress.NewGeneration());
        await socket.SendAsync(Preamble(new ConnectionPreamble(ConnectionPreamble.CurrentVersion, ClusterId, peer, server.LocalSilo)));
        await ReadPreambleReplyAsync(socket);

        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, ClusterMessageCodec.MaxFrameLength + 1);
        await socket.SendAsync(prefix);

        Assert.True(await IsClosedByPeerAsync(socket), "The listener kept reading after an oversized frame length.");
        await Eventually.TrueAsync(
            () => _logs.Entries.Any(entry => entry.EventId.Id == 1420 && entry.Level == LogLevel.Error),
            "an Error-level protocol error (event 1420) in the log");
    }

    [Fact]
    public async Task SiloConnectionHandler_ServesTheTransportRegisteredInDependencyInjection()
    {
        var generation = SiloAddress.NewGeneration();
        var port = 0;
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenSiloPort(new ClusterOptions { SiloPort = 0 }, IPAddress.Loopback));
        builder.Services.AddTcpSiloTransport(_ => new SiloAddress("127.0.0.1", Volatile.Read(ref port), generation));
        builder.Services.Configure<ClusterOptions>(options => options.ClusterId = ClusterId);
        await using var app = builder.Build();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        Volatile.Write(ref port, new Uri(address).Port);
        var hosted = app.Services.GetRequiredService<TcpSiloTransport>();
        Assert.Same(hosted, app.Services.GetRequiredService<ISiloTransport>());
        await hosted.StartAsync(new TestMessageHandler(), default);
        var client = await StartAsync();

        var response = await client.SendRequestAsync(hosted.LocalSilo, Request("via kestrel"), TimeSpan.FromSeconds(30), default);

        Assert.Equal("via kestrel", Text(response));
        await hosted.StopAsync(default);
        await app.StopAsync();
    }

    private protected override async Task<SiloTransportBase> CreateStartedAsync(IClusterMessageHandler handler, SiloTransportOptions? options, string clusterId) =>
        await TcpSiloTransport.StartStandaloneAsync(new IPEndPoint(IPAddress.Loopback, 0), clusterId, handler, options, _loggerFactory);

    /// <summary>Stopping with a cancelled token drains nothing and closes every socket at once: what the peer
    /// sees when the process dies (the kernel closes its sockets).</summary>
    private protected override Task KillAsync(SiloTransportBase transport) => transport.StopAsync(new CancellationToken(canceled: true));

    private static async Task<Socket> ConnectRawAsync(SiloAddress silo)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Parse(silo.Host), silo.Port);
        return socket;
    }

    private static byte[] Preamble(ConnectionPreamble preamble)
    {
        var buffer = new ArrayBufferWriter<byte>();
        preamble.Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static async Task ReadPreambleReplyAsync(Socket socket)
    {
        var received = new List<byte>();
        var chunk = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(received.ToArray());
            if (ConnectionPreamble.TryRead(ref sequence, out _))
            {
                return;
            }

            var read = await socket.ReceiveAsync(chunk, SocketFlags.None, timeout.Token);
            Assert.True(read > 0, "The listener closed instead of answering a valid preamble.");
            received.AddRange(chunk.AsSpan(0, read));
        }
    }

    /// <summary>True when the peer closes (end of stream or reset) within 10 s.</summary>
    private static async Task<bool> IsClosedByPeerAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
