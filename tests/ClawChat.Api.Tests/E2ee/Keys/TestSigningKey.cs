using System.Text.Json.Nodes;
using ClawChat.Grains.E2ee.Keys;
using ClawChat.Matrix.Json;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Security;

namespace ClawChat.Api.Tests.E2ee.Keys;

/// <summary>A real Ed25519 key pair, signing JSON the way Matrix clients do (DIGEST §2).</summary>
internal sealed class TestSigningKey
{
    private static readonly SecureRandom Random = new();
    private readonly byte[] _seed = new byte[Ed25519.SecretKeySize];

    public TestSigningKey()
    {
        Random.NextBytes(_seed);
        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(_seed, 0, publicKey, 0);
        PublicKey = UnpaddedBase64.Encode(publicKey);
    }

    public string PublicKey { get; }

    /// <summary>Adds <c>signatures[entity][keyId]</c> over the object's signing JSON; returns the object.</summary>
    public JsonObject SignJson(JsonObject value, string entity, string keyId)
    {
        var message = SignedJson.SigningBytes(value);
        var signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(_seed, 0, message, 0, message.Length, signature, 0);
        SignedJson.MergeSignatures(value, entity, new Dictionary<string, string> { [keyId] = UnpaddedBase64.Encode(signature) });
        return value;
    }
}
