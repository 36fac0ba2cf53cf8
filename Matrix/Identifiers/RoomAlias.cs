using System.Diagnostics.CodeAnalysis;

namespace ClawChat.Matrix.Identifiers;

/// <summary><c>#localpart:server_name</c>; localpart is any code point except ':' and NUL (DIGEST §1).</summary>
public readonly record struct RoomAlias
{
    public const char Sigil = '#';

    private RoomAlias(string value, int colon, ServerName server)
    {
        Value = value;
        _colon = colon;
        Server = server;
    }

    private readonly int _colon;

    public string Value { get; }

    public string Localpart => Value is null ? string.Empty : Value[1.._colon];

    public ServerName Server { get; }

    public static RoomAlias Parse(string value) =>
        TryParse(value, out var alias) ? alias : throw new FormatException($"'{value}' is not a valid Matrix room alias.");

    public static bool TryParse([NotNullWhen(true)] string? value, out RoomAlias alias)
    {
        alias = default;
        if (value is null || value.Length < 3 || value[0] != Sigil || !IdentifierGrammar.FitsLengthLimit(value))
        {
            return false;
        }

        var colon = value.IndexOf(':', 1);
        if (colon < 0
            || !IdentifierGrammar.IsHistoricalLocalpart(value.AsSpan(1, colon - 1))
            || !ServerName.TryParse(value.AsSpan(colon + 1), null, out var server))
        {
            return false;
        }

        alias = new RoomAlias(value, colon, server);
        return true;
    }

    public static RoomAlias Create(string localpart, ServerName server) => Parse($"{Sigil}{localpart}:{server.Value}");

    public bool Equals(RoomAlias other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value ?? string.Empty;
}
