using System.Diagnostics.CodeAnalysis;

namespace ClawChat.Matrix.Identifiers;

/// <summary>
/// <c>@localpart:server_name</c> (DIGEST §1). Parsing is tolerant of historical localparts so that IDs
/// minted by other servers are accepted; new local users must pass <see cref="IsValidLocalpartForRegistration"/>.
/// </summary>
public readonly record struct UserId
{
    public const char Sigil = '@';

    private UserId(string value, int colon, ServerName server)
    {
        Value = value;
        _colon = colon;
        Server = server;
    }

    private readonly int _colon;

    public string Value { get; }

    public string Localpart => Value is null ? string.Empty : Value[1.._colon];

    public ServerName Server { get; }

    /// <summary>True when the localpart also satisfies the strict grammar for new IDs (<c>[a-z0-9._=\-/+]+</c>).</summary>
    public bool IsStrict => Value is not null && IdentifierGrammar.IsStrictLocalpart(Value.AsSpan(1, _colon - 1));

    public static UserId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid Matrix user ID.");

    public static bool TryParse([NotNullWhen(true)] string? value, out UserId userId)
    {
        userId = default;
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

        userId = new UserId(value, colon, server);
        return true;
    }

    /// <summary>Builds the ID of a new local user; the localpart must meet the registration grammar.</summary>
    public static UserId Create(string localpart, ServerName server)
    {
        if (!IsValidLocalpartForRegistration(localpart))
        {
            throw new ArgumentException($"'{localpart}' is not a valid localpart for a new user.", nameof(localpart));
        }

        var value = $"{Sigil}{localpart}:{server.Value}";
        if (!IdentifierGrammar.FitsLengthLimit(value))
        {
            throw new ArgumentException($"The user ID for '{localpart}' would exceed 255 bytes.", nameof(localpart));
        }

        return new UserId(value, localpart.Length + 1, server);
    }

    /// <summary>
    /// Whether <paramref name="localpart"/> may be used for a newly registered user: non-empty
    /// <c>[a-z0-9._=\-/+]+</c> (DIGEST §1; /register answers M_INVALID_USERNAME otherwise).
    /// </summary>
    public static bool IsValidLocalpartForRegistration([NotNullWhen(true)] string? localpart) =>
        localpart is not null && IdentifierGrammar.IsStrictLocalpart(localpart);

    public bool Equals(UserId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value ?? string.Empty;
}
