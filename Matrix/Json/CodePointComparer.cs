namespace ClawChat.Matrix.Json;

/// <summary>
/// Orders strings by Unicode code point, which canonical JSON requires for object keys (DIGEST §2).
/// <see cref="string.CompareOrdinal(string, string)"/> compares UTF-16 code units and so puts
/// supplementary characters (surrogates, 0xD800–0xDFFF) before U+E000–U+FFFF; this comparer shifts the
/// two ranges past each other, which yields code point order (equal to UTF-8 byte order) without decoding.
/// </summary>
public sealed class CodePointComparer : IComparer<string>
{
    public static CodePointComparer Instance { get; } = new();

    private CodePointComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b)
            {
                return Fixup(a) - Fixup(b);
            }
        }

        return x.Length - y.Length;
    }

    private static int Fixup(char c) => c switch
    {
        >= '\uE000' => c - 0x800,
        >= '\uD800' => c + 0x2000,
        _ => c,
    };
}
