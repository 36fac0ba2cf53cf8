using System.Diagnostics.CodeAnalysis;

namespace ClawChat.Matrix.Identifiers;

/// <summary>
/// <c>$opaque</c>. In room versions 4+ (all we create) the opaque part is the URL-safe unpadded base64
/// of the event's reference hash (43 chars, DIGEST §1, §3.2). Parsing accepts any opaque event ID so that
/// IDs quoted by clients or older rooms still round-trip; <see cref="IsReferenceHash"/> tells the forms apart.
/// </summary>
public readonly record struct EventId
{
    public const char Sigil = '$';

    /// <summary>Unpadded base64 of 32 bytes is 43 characters.</summary>
    public const int ReferenceHashLength = 43;

    private EventId(string value) => Value = value;

    public string Value { get; }

    /// <summary>True when this is a v4+ ID: '$' followed by 43 URL-safe base64 characters.</summary>
    public bool IsReferenceHash => Value is not null && Value.Length == ReferenceHashLength + 1 && IsUrlSafeBase64(Value.AsSpan(1));

    public static EventId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid Matrix event ID.");

    public static bool TryParse([NotNullWhen(true)] string? value, out EventId eventId)
    {
        eventId = default;
        if (value is null || value.Length < 2 || value[0] != Sigil
            || !IdentifierGrammar.FitsLengthLimit(value) || !IdentifierGrammar.IsOpaque(value.AsSpan(1)))
        {
            return false;
        }

        eventId = new EventId(value);
        return true;
    }

    /// <summary>Builds the v4+ event ID from a 32-byte SHA-256 reference hash.</summary>
    public static EventId FromReferenceHash(ReadOnlySpan<byte> referenceHash) =>
        new(Sigil + Json.UnpaddedBase64.EncodeUrlSafe(referenceHash));

    public bool Equals(EventId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value ?? string.Empty;

    private static bool IsUrlSafeBase64(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
