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

    /// <summary>Stable hash used by rendezvous placement.</summary>
    public ulong StableHash { get; } = ClawChat.Runtime.StableHash.Hash64($"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}@{Generation.ToString(CultureInfo.InvariantCulture)}");

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
