using System.Globalization;

namespace ClawChat.Runtime.Cluster;

/// <summary>A silo's identity: advertised host, silo port and generation (Unix ms at process start). A
/// restarted process on the same host and port is a new member because its generation differs.</summary>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    private static long s_lastGeneration;

    /// <summary>A fresh generation: Unix ms now, made strictly increasing within this process.</summary>
    public static long NewGeneration()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while (true)
        {
            var last = Interlocked.Read(ref s_lastGeneration);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref s_lastGeneration, next, last) == last)
            {
                return next;
            }
        }
    }

    private ulong _stableHash;

    /// <summary>Stable hash used by rendezvous placement (computed once; a `with` copy recomputes it).</summary>
    public ulong StableHash => _stableHash != 0 ? _stableHash : (_stableHash = ClawChat.Runtime.StableHash.Hash64(ToString()));

    // Equality is the address triple only; the cached hash must neither take part nor survive a `with` copy.
    private SiloAddress(SiloAddress original)
    {
        Host = original.Host;
        Port = original.Port;
        Generation = original.Generation;
    }

    public bool Equals(SiloAddress? other) =>
        other is not null && Port == other.Port && Generation == other.Generation && string.Equals(Host, other.Host, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Host, Port, Generation);

    /// <summary>"10.1.2.3:11111@1732001234567".</summary>
    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}@{Generation.ToString(CultureInfo.InvariantCulture)}";

    public static SiloAddress Parse(string text)
    {
        if (!TryParse(text, out var address))
        {
            throw new FormatException($"'{text}' is not a silo address (host:port@generation).");
        }

        return address;
    }

    public static bool TryParse(string? text, out SiloAddress address)
    {
        address = null!;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var at = text.LastIndexOf('@');
        var colon = at > 0 ? text.LastIndexOf(':', at) : -1;
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return false;
        }

        address = new SiloAddress(text[..colon], port, generation);
        return true;
    }
}
