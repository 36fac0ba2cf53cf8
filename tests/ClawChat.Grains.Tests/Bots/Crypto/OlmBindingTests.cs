using System.Text;
using ClawChat.Grains.Bots.Crypto.Olm;
using ClawChat.Grains.E2ee.Keys;
using ClawChat.Matrix.Json;

namespace ClawChat.Grains.Tests.Bots.Crypto;

/// <summary>The libolm binding against the real library (Debian <c>libolm3</c>): keys, signatures, Olm and Megolm
/// round trips, pickles, and errors surfacing as <see cref="OlmException"/> with libolm's error name.</summary>
public sealed class OlmBindingTests
{
    private static readonly byte[] PickleKey = Encoding.ASCII.GetBytes("test pickle key");

    public OlmBindingTests()
    {
        Assert.True(OlmLibrary.IsAvailable, OlmLibrary.MissingLibraryHint);
    }

    [Fact]
    public void Account_HasIdentityKeys_AndItsSignaturesVerify()
    {
        using var account = OlmAccount.Create();
        var (curve, ed) = account.IdentityKeys();
        var message = Encoding.UTF8.GetBytes("""{"hello":"world"}""");

        var signature = account.Sign(message);

        Assert.Equal(43, curve.Length);
        Assert.True(Ed25519Keys.TryDecodePublicKey(ed, out var publicKey));
        Assert.True(Ed25519Keys.Verify(publicKey, message, signature));
        Assert.False(Ed25519Keys.Verify(publicKey, Encoding.UTF8.GetBytes("tampered"), signature));
    }

    [Fact]
    public void OneTimeKeys_AreListedUntilMarkedAsPublished()
    {
        using var account = OlmAccount.Create();
        account.GenerateOneTimeKeys(5);
        account.GenerateFallbackKey();

        var keys = account.OneTimeKeys();
        var fallback = account.UnpublishedFallbackKey();
        account.MarkKeysAsPublished();

        Assert.Equal(5, keys.Count);
        Assert.All(keys.Values, k => Assert.True(UnpaddedBase64.TryDecode(k, out var bytes) && bytes.Length == 32));
        Assert.Single(fallback);
        Assert.Empty(account.OneTimeKeys());
        Assert.Empty(account.UnpublishedFallbackKey());
        Assert.True(account.MaxOneTimeKeys >= 50);
    }

    [Fact]
    public void OlmSession_RoundTrip_PreKeyThenNormalMessages()
    {
        using var alice = OlmAccount.Create();
        using var bob = OlmAccount.Create();
        bob.GenerateOneTimeKeys(1);
        var bobOneTimeKey = bob.OneTimeKeys().Values.Single();
        bob.MarkKeysAsPublished();
        var aliceCurve = alice.IdentityKeys().Curve25519;

        using var outbound = OlmSession.CreateOutbound(alice, bob.IdentityKeys().Curve25519, bobOneTimeKey);
        var (type, body) = outbound.Encrypt("hello bob 🦞");
        using var inbound = OlmSession.CreateInbound(bob, aliceCurve, body);
        var matches = inbound.MatchesInbound(aliceCurve, body);
        var plaintext = inbound.Decrypt(type, body);
        bob.RemoveOneTimeKeys(inbound);
        var (replyType, reply) = inbound.Encrypt("hello alice");

        Assert.Equal(OlmSession.PreKeyMessage, type);
        Assert.True(matches);
        Assert.Equal("hello bob 🦞", plaintext);
        Assert.Equal(1, replyType);
        Assert.Equal("hello alice", outbound.Decrypt(replyType, reply));
        Assert.Equal(outbound.SessionId, inbound.SessionId);
    }

    [Fact]
    public void OlmSession_SecondInboundSessionFromTheSameOneTimeKey_Fails()
    {
        using var alice = OlmAccount.Create();
        using var bob = OlmAccount.Create();
        bob.GenerateOneTimeKeys(1);
        var oneTimeKey = bob.OneTimeKeys().Values.Single();
        using var outbound = OlmSession.CreateOutbound(alice, bob.IdentityKeys().Curve25519, oneTimeKey);
        var (_, body) = outbound.Encrypt("once");
        using (var first = OlmSession.CreateInbound(bob, null, body))
        {
            bob.RemoveOneTimeKeys(first);
        }

        var error = Assert.Throws<OlmException>(() => OlmSession.CreateInbound(bob, null, body));

        Assert.Contains("BAD_MESSAGE_KEY_ID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Megolm_RoundTrip_WithMessageIndexes()
    {
        using var outbound = MegolmOutboundSession.Create();
        var first = outbound.Encrypt("""{"n":1}""");
        using var inbound = MegolmInboundSession.Create(outbound.SessionKey); // the key at index 1
        var second = outbound.Encrypt("""{"n":2}""");

        Assert.Equal(outbound.SessionId, inbound.SessionId);
        Assert.Equal(2u, outbound.MessageIndex);
        Assert.Equal(("""{"n":2}""", 1u), inbound.Decrypt(second));
        var early = Assert.Throws<OlmException>(() => inbound.Decrypt(first));
        Assert.Contains("UNKNOWN_MESSAGE_INDEX", early.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pickles_RoundTrip_AndAWrongKeyFails()
    {
        using var outbound = MegolmOutboundSession.Create();
        using var account = OlmAccount.Create();
        var pickledAccount = account.Pickle(PickleKey);
        var pickledSession = outbound.Pickle(PickleKey);

        using var restoredAccount = OlmAccount.Unpickle(PickleKey, pickledAccount);
        using var restoredSession = MegolmOutboundSession.Unpickle(PickleKey, pickledSession);
        using var inbound = MegolmInboundSession.Create(outbound.SessionKey);
        using var restoredInbound = MegolmInboundSession.Unpickle(PickleKey, inbound.Pickle(PickleKey));

        Assert.Equal(account.IdentityKeys(), restoredAccount.IdentityKeys());
        Assert.Equal("secret", restoredInbound.Decrypt(restoredSession.Encrypt("secret")).Plaintext);
        var error = Assert.Throws<OlmException>(() => OlmAccount.Unpickle(Encoding.ASCII.GetBytes("wrong key"), pickledAccount));
        Assert.Contains("BAD_ACCOUNT_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_OfGarbage_ThrowsOlmException()
    {
        using var outbound = MegolmOutboundSession.Create();
        using var inbound = MegolmInboundSession.Create(outbound.SessionKey);

        Assert.Throws<OlmException>(() => inbound.Decrypt("not base64 at all!"));
        Assert.Throws<OlmException>(() => MegolmInboundSession.Create("AAAA"));
    }
}
