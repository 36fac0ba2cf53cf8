using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace ClawChat.Grains.Media.Preview;

/// <summary>Which addresses a URL preview may connect to: public unicast only, unless an operator allowed a
/// range. The server fetching arbitrary URLs for users must not become a way into its own network (SSRF):
/// loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast,
/// documentation and reserved ranges are all refused, IPv4-mapped IPv6 addresses by their IPv4 meaning.</summary>
internal sealed class AddressPolicy
{
    private static readonly IPNetwork[] Blocked =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("64:ff9b::/96"),
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("2002::/16"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    private readonly IPNetwork[] _allowed;

    public AddressPolicy(IEnumerable<string> allowedNetworks)
    {
        _allowed = allowedNetworks.Select(IPNetwork.Parse).ToArray();
    }

    public bool IsAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (_allowed.Any(n => n.Contains(address)))
        {
            return true;
        }

        return address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
            && !Blocked.Any(n => n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address));
    }

    /// <summary>A <c>SocketsHttpHandler.ConnectCallback</c> that dials only allowed addresses, checked on what
    /// the name resolves to at connect time (so DNS answers and redirects cannot reach an internal host).
    /// Refuses when any answer is blocked, not just the one dialled: a name mixing public and internal answers
    /// is suspicious, and the socket's fallback order is not ours to predict.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, Func<string, Exception> refuse, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw refuse($"{host} resolves to nothing");
        }

        if (addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused)
        {
            throw refuse($"{host} resolves to {refused}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
