namespace ClawChat.Runtime;

/// <summary>Identity of a grain: its type and its key (ordinal, case-sensitive). The stable hash is
/// computed once and drives placement and lock striping.</summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    public GrainId(GrainType type, string key)
    {
        ArgumentNullException.ThrowIfNull(type.Name);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
        StableHash = ClawChat.Runtime.StableHash.Hash64(type.Name, key);
    }

    public GrainType Type { get; }

    public string Key { get; }

    /// <summary>FNV-1a 64 over "type\0key" (UTF-8).</summary>
    public ulong StableHash { get; }

    public bool IsDefault => Key is null;

    public bool Equals(GrainId other) => StableHash == other.StableHash
        && string.Equals(Key, other.Key, StringComparison.Ordinal)
        && string.Equals(Type.Name, other.Type.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => (int)StableHash ^ (int)(StableHash >> 32);

    public override string ToString() => $"{Type.Name}/{Key}";

    /// <summary>Parses the "type/key" form written by <see cref="ToString"/>.</summary>
    public static GrainId Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{text}' is not a grain id of the form type/key.");
        }

        return new GrainId(new GrainType(text[..slash]), text[(slash + 1)..]);
    }

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
