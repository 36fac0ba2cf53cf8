using System.Text.Json.Nodes;
using ClawChat.Grains.E2ee.Keys;
using ClawChat.Matrix.Json;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Grains.Tests.E2ee.Keys;

public sealed class SignedJsonTests
{
    /// <summary>The DIGEST §2 signing vectors (seed, entity "domain", key "ed25519:1").</summary>
    [Theory]
    [InlineData("{}", "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ")]
    [InlineData("""{"one":1,"two":"Two"}""", "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw")]
    public void SigningBytes_MatchTheSpecVectors(string json, string expectedSignature)
    {
        Assert.True(UnpaddedBase64.TryDecode("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1", out var seed));
        var key = new TestSigningKey(seed);

        var signed = key.SignJson(JsonNode.Parse(json)!.AsObject(), "domain", "ed25519:1");

        Assert.Equal(expectedSignature, signed["signatures"]!["domain"]!["ed25519:1"]!.GetValue<string>());
        Assert.True(Ed25519Keys.TryDecodePublicKey(key.PublicKey, out var publicKey));
        Assert.True(SignedJson.IsSignedBy(signed, "domain", "ed25519:1", publicKey));
    }

    [Fact]
    public void IsSignedBy_IgnoresSignaturesAndUnsigned_ButNotOtherFields()
    {
        var key = new TestSigningKey();
        Assert.True(Ed25519Keys.TryDecodePublicKey(key.PublicKey, out var publicKey));
        var signed = key.SignJson(new JsonObject { ["a"] = 1 }, "@u:x", "ed25519:D");

        signed["unsigned"] = new JsonObject { ["age"] = 5 };
        signed["signatures"]!["@other:x"] = new JsonObject { ["ed25519:E"] = "abc" };
        Assert.True(SignedJson.IsSignedBy(signed, "@u:x", "ed25519:D", publicKey));

        signed["a"] = 2;
        Assert.False(SignedJson.IsSignedBy(signed, "@u:x", "ed25519:D", publicKey));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("")]
    public void Verify_IsFalse_ForMalformedSignatures(string signature)
    {
        var key = new TestSigningKey();
        Assert.True(Ed25519Keys.TryDecodePublicKey(key.PublicKey, out var publicKey));

        Assert.False(Ed25519Keys.Verify(publicKey, [1, 2, 3], signature));
    }

    [Theory]
    [InlineData("AAAA")]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryDecodePublicKey_RefusesAnythingButThirtyTwoBytes(string value)
    {
        Assert.False(Ed25519Keys.TryDecodePublicKey(value, out _));
    }
}
