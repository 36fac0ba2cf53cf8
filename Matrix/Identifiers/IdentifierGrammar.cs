using System.Security.Cryptography;
using System.Text;

namespace ClawChat.Matrix.Identifiers;

/// <summary>Shared grammar pieces for Matrix identifiers (DIGEST §1, spec appendix "Identifier Grammar").</summary>
internal static class IdentifierGrammar
{
    /// <summary>User IDs, room IDs, aliases and event IDs are limited to 255 bytes of UTF-8, sigil included.</summary>
    public const int MaxIdentifierBytes = 255;

    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string UpperLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // UTF-8 never takes fewer bytes than UTF-16 code units, so the char count is a cheap early reject.
    public static bool FitsLengthLimit(string value) =>
        value.Length <= MaxIdentifierBytes && Encoding.UTF8.GetByteCount(value) <= MaxIdentifierBytes;

    /// <summary>
    /// Historical localparts (user IDs from other servers, alias localparts): any code point except
    /// ':' and NUL, surrogates only as well-formed pairs; may be empty (DIGEST §1).
    /// </summary>
    public static bool IsHistoricalLocalpart(ReadOnlySpan<char> localpart)
    {
        for (var i = 0; i < localpart.Length; i++)
        {
            var c = localpart[i];
            if (c is ':' or '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= localpart.Length || !char.IsLowSurrogate(localpart[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Localparts a server creates: <c>[a-z0-9._=\-/+]+</c> (DIGEST §1).</summary>
    public static bool IsStrictLocalpart(ReadOnlySpan<char> localpart)
    {
        if (localpart.IsEmpty)
        {
            return false;
        }

        foreach (var c in localpart)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '=' or '-' or '/' or '+';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Opaque parts we accept from elsewhere: non-empty, no NUL, well-formed UTF-16.</summary>
    public static bool IsOpaque(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    public static string RandomAlphanumeric(int length) => RandomNumberGenerator.GetString(Alphanumerics, length);

    public static string RandomUpperLetters(int length) => RandomNumberGenerator.GetString(UpperLetters, length);
}
