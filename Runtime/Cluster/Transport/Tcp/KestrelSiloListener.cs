using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Runtime.Cluster.Transport.Tcp;

/// <summary>A Kestrel server of its own for a transport not hosted in a web application (tests, tools). It binds
/// first (port 0 works) so the transport's address can use the real port; connections that arrive before a
/// transport is attached are closed.</summary>
internal sealed class KestrelSiloListener : IAsyncDisposable
{
    private readonly KestrelServer _server;
    private TcpSiloTransport? _transport;

    private KestrelSiloListener(KestrelServer server, IPEndPoint endPoint)
    {
        _server = server;
        EndPoint = endPoint;
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint EndPoint { get; }

    public static async Task<KestrelSiloListener> StartAsync(IPEndPoint endPoint, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        KestrelSiloListener? listener = null;
        var options = new KestrelServerOptions();
        ListenOptions? listen = null;
        options.Listen(endPoint, listenOptions =>
        {
            listen = listenOptions;
            listenOptions.Run(connection => listener?.OnConnectedAsync(connection) ?? Task.CompletedTask);
        });

        // The socket transport pauses a connection's writer at 64 KiB by default, an HTTP-minded size that makes a
        // busy silo connection wait on its flushes (noisy loopback runs with 16 KiB bodies: 14–20k round trips/s
        // at 1 MiB against 12–15k at the default).
        var server = new KestrelServer(
            Options.Create(options),
            new SocketTransportFactory(Options.Create(new SocketTransportOptions { MaxWriteBufferSize = 1024 * 1024 }), loggerFactory),
            loggerFactory);
        try
        {
            await server.StartAsync(new NoHttpApplication(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        // Kestrel writes the bound endpoint (the real port when 0 was asked) back into the listen options.
        listener = new KestrelSiloListener(server, listen!.IPEndPoint ?? endPoint);
        return listener;
    }

    public void Attach(TcpSiloTransport transport) => Volatile.Write(ref _transport, transport);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _server.StopAsync(timeout.Token).ConfigureAwait(false);
        _server.Dispose();
    }

    private Task OnConnectedAsync(ConnectionContext connection) =>
        Volatile.Read(ref _transport)?.OnConnectedAsync(connection) ?? Task.CompletedTask;
}
