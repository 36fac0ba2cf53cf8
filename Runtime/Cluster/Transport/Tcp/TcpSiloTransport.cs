using System.Net;
using System.Net.Sockets;
using ClawChat.Runtime.Cluster.Transport.Connections;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Runtime.Cluster.Transport.Tcp;

/// <summary>The production transport: inbound connections arrive through Kestrel (<see cref="SiloConnectionHandler"/>
/// on the silo port), outbound ones are plain sockets with pipes. Semantics are those of
/// <see cref="SiloTransportBase"/>.</summary>
public sealed class TcpSiloTransport : SiloTransportBase
{
    private KestrelSiloListener? _listener;

    /// <summary>A transport whose inbound side the host binds (<see cref="SiloTransportKestrelExtensions.ListenSiloPort"/>).</summary>
    public TcpSiloTransport(
        SiloAddress localSilo,
        string clusterId,
        SiloTransportOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
        : base(localSilo, clusterId, options, loggerFactory, timeProvider)
    {
    }

    /// <summary>Starts a transport with a Kestrel listener of its own on <paramref name="endPoint"/> (port 0 picks a
    /// free port) and a fresh generation; the listener stops with the transport. For tests and tools; a silo binds
    /// the port in its web host instead.</summary>
    public static async Task<TcpSiloTransport> StartStandaloneAsync(
        IPEndPoint endPoint,
        string clusterId,
        IClusterMessageHandler handler,
        SiloTransportOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        loggerFactory ??= NullLoggerFactory.Instance;
        var listener = await KestrelSiloListener.StartAsync(endPoint, loggerFactory, cancellationToken).ConfigureAwait(false);
        try
        {
            var bound = listener.EndPoint;
            var host = bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : bound.Address.ToString();
            var transport = new TcpSiloTransport(new SiloAddress(host, bound.Port, SiloAddress.NewGeneration()), clusterId, options, loggerFactory)
            {
                _listener = listener,
            };
            listener.Attach(transport);
            await transport.StartAsync(handler, cancellationToken).ConfigureAwait(false);
            return transport;
        }
        catch
        {
            await listener.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Serves one Kestrel connection until it closes.</summary>
    internal Task OnConnectedAsync(ConnectionContext connection) => AcceptAsync(new ConnectionContextSiloPipe(connection));

    internal override async ValueTask<SiloPipe> OpenPipeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            EndPoint endPoint = IPAddress.TryParse(target.Host, out var address)
                ? new IPEndPoint(address, target.Port)
                : new DnsEndPoint(target.Host, target.Port);
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new SocketSiloPipe(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private protected override async Task OnStoppedAsync(CancellationToken cancellationToken)
    {
        if (_listener is { } listener)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }
}
