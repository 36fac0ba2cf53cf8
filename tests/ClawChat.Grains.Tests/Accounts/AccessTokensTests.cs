using ClawChat.Grains.Interfaces.Accounts;

namespace ClawChat.Grains.Tests.Accounts;

public sealed class AccessTokensTests
{
    [Fact]
    public void Generate_Makes32RandomBytesInUnpaddedBase64Url()
    {
        var token = AccessTokens.Generate();

        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.NotEqual(token, AccessTokens.Generate());
    }

    [Fact]
    public void Hash_IsTheSha256OfTheToken_AndDiffersFromIt()
    {
        const string Token = "abc";

        var hash = AccessTokens.Hash(Token);

        // SHA-256("abc") = ba7816bf…15ad, in unpadded base64url.
        Assert.Equal("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", hash);
        Assert.Equal(hash, AccessTokens.Hash(Token));
    }
}
