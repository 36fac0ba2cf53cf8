using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClawChat.Matrix.Json;

public static partial class CanonicalJson
{
    /// <summary>
    /// Reads a JSON number as a canonical integer. The spec's own vectors normalise <c>-0</c> to 0 and
    /// <c>1e10</c> to 10000000000, so the test is on the numeric value, not the spelling: any literal
    /// whose value is a whole number in range is accepted, anything with a fractional part is a float
    /// and rejected (DIGEST §2).
    /// </summary>
    public static bool TryGetInteger(JsonElement value, out long result)
    {
        result = 0;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (value.TryGetInt64(out var fast))
        {
            result = fast;
            return fast is >= MinSafeInteger and <= MaxSafeInteger;
        }

        return TryParseIntegralLiteral(value.GetRawText(), out result);
    }

    /// <summary>Same as <see cref="TryGetInteger(JsonElement, out long)"/> for a node; false for non-numbers.</summary>
    public static bool TryGetInteger(JsonNode? value, out long result)
    {
        result = 0;
        if (value is not JsonValue leaf || leaf.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (leaf.TryGetValue<JsonElement>(out var element))
        {
            return TryGetInteger(element, out result);
        }

        if (leaf.TryGetValue<long>(out var number))
        {
            result = number;
            return number is >= MinSafeInteger and <= MaxSafeInteger;
        }

        if (leaf.TryGetValue<int>(out var small))
        {
            result = small;
            return true;
        }

        return TryParseIntegralLiteral(leaf.ToJsonString(), out result);
    }

    private static long ToCanonicalInteger(JsonElement value)
    {
        if (TryGetInteger(value, out var result))
        {
            return result;
        }

        throw new CanonicalJsonException(
            $"The number {value.GetRawText()} is not allowed in canonical JSON: only integers in [-(2^53)+1, 2^53-1] are.");
    }

    private static long CheckRange(long value) => value is >= MinSafeInteger and <= MaxSafeInteger
        ? value
        : throw new CanonicalJsonException(
            $"The number {value.ToString(CultureInfo.InvariantCulture)} is outside the canonical JSON range [-(2^53)+1, 2^53-1].");

    /// <summary>
    /// Exact check of a JSON number literal (<c>-?int(.frac)?([eE][+-]?exp)?</c>) for an integral value
    /// in range, done with big integers so that no rounding can turn 1.0000000000000000001 into 1.
    /// </summary>
    private static bool TryParseIntegralLiteral(string literal, out long result)
    {
        result = 0;
        var span = literal.AsSpan();
        var negative = span.StartsWith("-");
        if (negative)
        {
            span = span[1..];
        }

        var exponentAt = span.IndexOfAny('e', 'E');
        var exponent = 0;
        if (exponentAt >= 0)
        {
            if (!int.TryParse(span[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return false; // An exponent that does not fit an int is far outside the allowed range.
            }

            span = span[..exponentAt];
        }

        var dot = span.IndexOf('.');
        var digits = dot < 0 ? span.ToString() : string.Concat(span[..dot], span[(dot + 1)..]);
        if (dot >= 0)
        {
            exponent -= span.Length - dot - 1;
        }

        digits = digits.TrimStart('0');
        if (digits.Length == 0)
        {
            return true; // Zero in any spelling, including -0 and 0.0e5.
        }

        // Trailing zeros of the mantissa move into the exponent.
        var trimmed = digits.TrimEnd('0');
        exponent += digits.Length - trimmed.Length;
        if (exponent < 0 || trimmed.Length + exponent > 16)
        {
            return false; // Fractional part, or more than 16 digits (2^53-1 has 16).
        }

        var magnitude = BigInteger.Parse(trimmed, CultureInfo.InvariantCulture) * BigInteger.Pow(10, exponent);
        if (magnitude > MaxSafeInteger)
        {
            return false;
        }

        result = negative ? -(long)magnitude : (long)magnitude;
        return true;
    }
}
