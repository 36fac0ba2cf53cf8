using System.Diagnostics.CodeAnalysis;

namespace ClawChat.Matrix.Identifiers;

/// <summary>
/// <c>!opaque:server_name</c> for room versions 1–11 (the only ones we create). The ID is opaque and
/// case-sensitive; <see cref="Server"/> is only used by the v10/v11 create-event auth rule (DIGEST §1, §4.3).
/// A domain-less ID (room version 12 style) parses with <see cref="Server"/> = null.
/// </summary>
public readonly record struct RoomId
{
    public const char Sigil = '!';

    /// <summary>Length of the random localpart we generate (about 107 bits from [A-Za-z0-9]).</summary>
    public const int GeneratedLocalpartLength = 18;

    private RoomId(string value, ServerName? server)
    {
        Value = value;
        Server = server;
    }

    public string Value { get; }

    public ServerName? Server { get; }

    public static RoomId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid Matrix room ID.");

    public static bool TryParse([NotNullWhen(true)] string? value, out RoomId roomId)
    {
        roomId = default;
        if (value is null || value.Length < 2 || value[0] != Sigil
            || !IdentifierGrammar.FitsLengthLimit(value) || !IdentifierGrammar.IsOpaque(value.AsSpan(1)))
        {
            return false;
        }

        var colon = value.IndexOf(':', 1);
        if (colon < 0)
        {
            roomId = new RoomId(value, null);
            return true;
        }

        if (colon == 1 || !ServerName.TryParse(value.AsSpan(colon + 1), null, out var server))
        {
            return false;
        }

        roomId = new RoomId(value, server);
        return true;
    }

    /// <summary>Generates a fresh room ID <c>!&lt;18 random alphanumerics&gt;:server</c> (DIGEST §1).</summary>
    public static RoomId New(ServerName server) =>
        new($"{Sigil}{IdentifierGrammar.RandomAlphanumeric(GeneratedLocalpartLength)}:{server.Value}", server);

    public bool Equals(RoomId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value ?? string.Empty;
}
