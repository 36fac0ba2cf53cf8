using System.Text.Encodings.Web;

namespace ClawChat.Matrix.Json;

/// <summary>
/// String escaping for canonical JSON (DIGEST §2): only '"', '\\' and U+0000–U+001F are escaped;
/// the control characters with short forms use <c>\b \t \n \f \r</c>, the rest <c>\u00XX</c> with
/// lower-case hex. Everything else, including '/', HTML-sensitive characters and non-ASCII, is written
/// as raw UTF-8. The built-in encoders escape far more, so <see cref="System.Text.Json.Utf8JsonWriter"/>
/// is given this one.
/// </summary>
internal sealed class CanonicalJsonEncoder : JavaScriptEncoder
{
    public static CanonicalJsonEncoder Instance { get; } = new();

    private CanonicalJsonEncoder()
    {
    }

    // "\u001f" is the longest escape we produce.
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar is < 0x20 or '"' or '\\';

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] is < (char)0x20 or '"' or '\\')
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        ReadOnlySpan<char> escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\f' => "\\f",
            '\r' => "\\r",
            _ => default,
        };

        if (escape.IsEmpty)
        {
            if (unicodeScalar >= 0x20)
            {
                // Not a character we escape: write it through unchanged.
                return TryWriteScalar(unicodeScalar, destination, out numberOfCharactersWritten);
            }

            if (destination.Length < 6)
            {
                numberOfCharactersWritten = 0;
                return false;
            }

            const string hex = "0123456789abcdef";
            "\\u00".AsSpan().CopyTo(destination);
            destination[4] = hex[unicodeScalar >> 4];
            destination[5] = hex[unicodeScalar & 0xF];
            numberOfCharactersWritten = 6;
            return true;
        }

        if (!escape.TryCopyTo(destination))
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        numberOfCharactersWritten = escape.Length;
        return true;
    }

    private static bool TryWriteScalar(int scalar, Span<char> destination, out int written)
    {
        var ok = new System.Text.Rune(scalar).TryEncodeToUtf16(destination, out written);
        return ok;
    }
}
