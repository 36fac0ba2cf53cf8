using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Runtime.Cluster.Transport.Tcp;

/// <summary>Kestrel's entry point for the silo port (bound with
/// <see cref="SiloTransportKestrelExtensions.ListenSiloPort"/>): hands each connection to the
/// <see cref="TcpSiloTransport"/> singleton. The transport is resolved per connection rather than in the
/// constructor because Kestrel builds the handler while it binds, which may be before the silo knows its
/// address (port 0, generation).</summary>
public sealed class SiloConnectionHandler(IServiceProvider services) : ConnectionHandler
{
    private TcpSiloTransport? _transport;

    public override Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transport = _transport ??= services.GetRequiredService<TcpSiloTransport>();
        return transport.OnConnectedAsync(connection);
    }
}
