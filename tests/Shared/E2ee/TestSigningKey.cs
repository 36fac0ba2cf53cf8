using System.Text.Json.Nodes;
using ClawChat.Grains.E2ee.Keys;
using ClawChat.Matrix.Json;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Security;

namespace ClawChat.Tests.Shared.E2ee;

/// <summary>A real Ed25519 key pair for tests, signing JSON the way Matrix clients do (DIGEST §2). Source shared by
/// the Api and Grains test projects (linked into each, not in ClawChat.Testing, because it signs with the internal
/// <see cref="SignedJson"/> that only those two see).</summary>
internal sealed class TestSigningKey
{
    private static readonly SecureRandom Random = new();
    private readonly byte[] _seed;

    public TestSigningKey(byte[]? seed = null)
    {
        _seed = seed ?? NewSeed();
        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(_seed, 0, publicKey, 0);
        PublicKey = UnpaddedBase64.Encode(publicKey);
    }

    /// <summary>Unpadded base64 of the public key.</summary>
    public string PublicKey { get; }

    public string Sign(byte[] message)
    {
        var signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(_seed, 0, message, 0, message.Length, signature, 0);
        return UnpaddedBase64.Encode(signature);
    }

    /// <summary>Adds <c>signatures[entity][keyId]</c> over the object's signing JSON; returns the object.</summary>
    public JsonObject SignJson(JsonObject value, string entity, string keyId)
    {
        var signature = Sign(SignedJson.SigningBytes(value));
        SignedJson.MergeSignatures(value, entity, new Dictionary<string, string> { [keyId] = signature });
        return value;
    }

    private static byte[] NewSeed()
    {
        var seed = new byte[Ed25519.SecretKeySize];
        Random.NextBytes(seed);
        return seed;
    }
}
