using System.Text;

namespace ClawChat.Runtime;

/// <summary>FNV-1a hashes over UTF-8: stable across processes and machines (unlike
/// <see cref="string.GetHashCode()"/>), used for placement, lock striping and wire ids.</summary>
public static class StableHash
{
    private const ulong Offset64 = 14695981039346656037UL;
    private const ulong Prime64 = 1099511628211UL;
    private const uint Offset32 = 2166136261U;
    private const uint Prime32 = 16777619U;

    /// <summary>64-bit FNV-1a of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ulong Hash64(string text) => Hash64(Offset64, text);

    /// <summary>64-bit FNV-1a over the UTF-8 of <paramref name="a"/>, a zero byte, then <paramref name="b"/>.</summary>
    public static ulong Hash64(string a, string b)
    {
        var h = Hash64(Offset64, a);
        h = (h ^ 0) * Prime64;
        return Hash64(h, b);
    }

    /// <summary>Mixes two 64-bit values (rendezvous hashing of a grain against a silo).</summary>
    public static ulong Mix(ulong a, ulong b)
    {
        var x = a ^ (b + 0x9E3779B97F4A7C15UL + (a << 6) + (a >> 2));
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return x;
    }

    /// <summary>32-bit FNV-1a of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Hash32(string text)
    {
        var h = Offset32;
        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            h = (h ^ b) * Prime32;
        }

        return h;
    }

    private static ulong Hash64(ulong h, string text)
    {
        // ASCII fast path: Matrix identifiers are almost always ASCII.
        foreach (var c in text)
        {
            if (c >= 0x80)
            {
                return HashUtf8(h, text);
            }

            h = (h ^ c) * Prime64;
        }

        return h;
    }

    private static ulong HashUtf8(ulong h, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            h = (h ^ b) * Prime64;
        }

        return h;
    }
}
