using ClawChat.Grains.Accounts;

namespace ClawChat.Grains.Tests.Accounts;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_EncodesAlgorithmAndIterations_AndNeverThePassword()
    {
        var hash = PasswordHasher.Hash("hunter2");

        var parts = hash.Split('$');
        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha512", parts[0]);
        Assert.Equal("210000", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(64, Convert.FromBase64String(parts[3]).Length);
        Assert.DoesNotContain("hunter2", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_UsesAFreshSaltEachTime()
    {
        Assert.NotEqual(PasswordHasher.Hash("same"), PasswordHasher.Hash("same"));
    }

    [Fact]
    public void Verify_AcceptsTheRightPassword_AndRejectsOthers()
    {
        var hash = PasswordHasher.Hash("pässwörd");

        Assert.True(PasswordHasher.Verify("pässwörd", hash));
        Assert.False(PasswordHasher.Verify("passwörd", hash));
        Assert.False(PasswordHasher.Verify(string.Empty, hash));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("md5$1$abc$def")]
    [InlineData("pbkdf2-sha512$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha512$1000$not base64!$AAAA")]
    public void Verify_IsFalse_ForMalformedStoredHashes(string? stored)
    {
        Assert.False(PasswordHasher.Verify("anything", stored));
    }

    [Fact]
    public void NeedsRehash_IsTrue_ForFewerIterationsThanCurrent()
    {
        var current = PasswordHasher.Hash("pw");
        var parts = current.Split('$');
        var weaker = $"{parts[0]}$1000${parts[2]}${parts[3]}";

        Assert.False(PasswordHasher.NeedsRehash(current));
        Assert.True(PasswordHasher.NeedsRehash(weaker));
        Assert.True(PasswordHasher.NeedsRehash("garbage"));
    }
}
