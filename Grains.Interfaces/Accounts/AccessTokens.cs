using System.Security.Cryptography;
using System.Text;
using ClawChat.Matrix.Json;

namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>
/// Access tokens are 32 random bytes in unpadded base64url (43 characters) — opaque, unguessable, safe in
/// headers and query strings. Only the SHA-256 of a token is stored or used as a key: a plain hash is enough
/// (unlike passwords, tokens have 256 bits of entropy, so there is nothing to brute-force).
/// </summary>
public static class AccessTokens
{
    public const int TokenBytes = 32;

    /// <summary>A new random token.</summary>
    public static string Generate() => UnpaddedBase64.EncodeUrlSafe(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The token's storage key: unpadded base64url of SHA-256 over its UTF-8 bytes.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(token.Length);
        var buffer = maxBytes <= 512 ? stackalloc byte[512] : new byte[maxBytes];
        var written = Encoding.UTF8.GetBytes(token, buffer);
        SHA256.HashData(buffer[..written], digest);
        return UnpaddedBase64.EncodeUrlSafe(digest);
    }
}
