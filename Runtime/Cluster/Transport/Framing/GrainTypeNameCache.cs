using System.Collections.Concurrent;
using System.Text;

namespace ClawChat.Runtime.Cluster.Transport.Framing;

/// <summary>Interns grain type names read off the wire. A cluster has a few dozen grain types but every
/// request carries one, so looking the UTF-8 bytes up (span lookup, no string) saves an allocation per
/// message. Capped so a peer sending endless distinct names cannot grow it without bound.</summary>
internal static class GrainTypeNameCache
{
    private const int MaxEntries = 4096;
    private const int MaxCachedChars = 256;

    private static readonly ConcurrentDictionary<string, GrainType> Types = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, GrainType>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Types.GetAlternateLookup<ReadOnlySpan<char>>();

    public static GrainType Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedChars)
        {
            return new GrainType(Encoding.UTF8.GetString(utf8));
        }

        Span<char> chars = stackalloc char[MaxCachedChars];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        var name = chars[..count];
        if (Lookup.TryGetValue(name, out var type))
        {
            return type;
        }

        type = new GrainType(name.ToString());
        if (Types.Count < MaxEntries)
        {
            Types.TryAdd(type.Name, type);
        }

        return type;
    }
}
