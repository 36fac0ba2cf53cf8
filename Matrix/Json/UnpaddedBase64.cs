using System.Buffers.Text;

namespace ClawChat.Matrix.Json;

/// <summary>
/// "Unpadded base64" (RFC 4648 standard alphabet, no '=') and its URL-safe variant ('-' and '_'),
/// as used for hashes, signatures, keys and event IDs (DIGEST §2).
/// </summary>
public static class UnpaddedBase64
{
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=');

    /// <summary>URL-safe unpadded base64 (event IDs, v12 room IDs).</summary>
    public static string EncodeUrlSafe(ReadOnlySpan<byte> data) => Base64Url.EncodeToString(data);

    /// <summary>Decodes standard base64; padding is optional because decoders SHOULD accept it (DIGEST §2).</summary>
    public static bool TryDecode(string value, out byte[] data)
    {
        data = [];
        var trimmed = value.TrimEnd('=');
        if (trimmed.Length % 4 == 1 || value.Length - trimmed.Length > 2)
        {
            return false;
        }

        var padded = (trimmed.Length % 4) switch
        {
            2 => trimmed + "==",
            3 => trimmed + "=",
            _ => trimmed,
        };

        var buffer = new byte[(padded.Length / 4) * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        data = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>Decodes URL-safe base64, with or without padding.</summary>
    public static bool TryDecodeUrlSafe(string value, out byte[] data)
    {
        data = [];
        var trimmed = value.TrimEnd('=');
        if (!Base64Url.IsValid(trimmed))
        {
            return false;
        }

        data = Base64Url.DecodeFromChars(trimmed);
        return true;
    }
}
