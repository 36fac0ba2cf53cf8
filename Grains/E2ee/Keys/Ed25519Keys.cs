using ClawChat.Matrix.Json;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace ClawChat.Grains.E2ee.Keys;

/// <summary>Ed25519 public keys and signature checks as Matrix writes them: unpadded base64 (DIGEST §2).</summary>
internal static class Ed25519Keys
{
    public const string Algorithm = "ed25519";

    /// <summary>Decodes a base64 public key; false unless it is exactly 32 bytes.</summary>
    public static bool TryDecodePublicKey(string? value, out byte[] publicKey)
    {
        publicKey = [];
        if (value is null || value.Length > 64 || !UnpaddedBase64.TryDecode(value, out var bytes) || bytes.Length != Ed25519.PublicKeySize)
        {
            return false;
        }

        publicKey = bytes;
        return true;
    }

    /// <summary>Whether <paramref name="signature"/> (base64) is a valid signature of <paramref name="message"/>.
    /// A malformed signature or a public key that is not a curve point is just "not valid".</summary>
    public static bool Verify(byte[] publicKey, byte[] message, string? signature)
    {
        if (signature is null || signature.Length > 128 || !UnpaddedBase64.TryDecode(signature, out var bytes) || bytes.Length != Ed25519.SignatureSize)
        {
            return false;
        }

        try
        {
            return Ed25519.Verify(bytes, 0, publicKey, 0, message, 0, message.Length);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
