using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ClawChat.Runtime.Cluster.Transport.Tcp;

/// <summary>Binds the silo-to-silo port in the silo's own Kestrel, next to the HTTP endpoints.</summary>
public static class SiloTransportKestrelExtensions
{
    /// <summary>Listens on <see cref="ClusterOptions.SiloPort"/> (all interfaces, or <paramref name="address"/>)
    /// with <see cref="SiloConnectionHandler"/>, which serves the <see cref="TcpSiloTransport"/> registered in DI
    /// (<see cref="SiloTransportServiceCollectionExtensions.AddTcpSiloTransport"/>).</summary>
    public static KestrelServerOptions ListenSiloPort(this KestrelServerOptions options, ClusterOptions cluster, IPAddress? address = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        if (address is null)
        {
            options.ListenAnyIP(cluster.SiloPort, static listen => listen.UseConnectionHandler<SiloConnectionHandler>());
        }
        else
        {
            options.Listen(address, cluster.SiloPort, static listen => listen.UseConnectionHandler<SiloConnectionHandler>());
        }

        return options;
    }
}
