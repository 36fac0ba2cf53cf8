using System.Diagnostics.CodeAnalysis;

namespace ClawChat.Matrix.Identifiers;

/// <summary>
/// A device ID: server- or client-chosen opaque string (DIGEST §1). We accept non-empty strings of at
/// most 255 bytes without control characters (they end up in paths, logs and JSON keys); generated IDs
/// are 10 upper-case letters.
/// </summary>
public readonly record struct DeviceId
{
    public const int GeneratedLength = 10;

    private DeviceId(string value) => Value = value;

    public string Value { get; }

    public static DeviceId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid device ID.");

    public static bool TryParse([NotNullWhen(true)] string? value, out DeviceId deviceId)
    {
        deviceId = default;
        if (value is null || !IdentifierGrammar.FitsLengthLimit(value) || !IdentifierGrammar.IsOpaque(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        deviceId = new DeviceId(value);
        return true;
    }

    public static DeviceId New() => new(IdentifierGrammar.RandomUpperLetters(GeneratedLength));

    public bool Equals(DeviceId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value ?? string.Empty;
}
