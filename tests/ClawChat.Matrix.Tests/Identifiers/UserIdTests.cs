using ClawChat.Matrix.Identifiers;

namespace ClawChat.Matrix.Tests.Identifiers;

public sealed class UserIdTests
{
    [Theory]
    [InlineData("@alice:example.org", "alice", "example.org")]
    [InlineData("@a.b_c=d-e/f+g:example.org:8448", "a.b_c=d-e/f+g", "example.org:8448")]
    [InlineData("@bob:[::1]:8008", "bob", "[::1]:8008")]
    [InlineData("@Alice:example.org", "Alice", "example.org")]          // historical: upper case
    [InlineData("@al ice!#:example.org", "al ice!#", "example.org")]     // historical: any code point but ':' and NUL
    [InlineData("@日本:example.org", "日本", "example.org")]
    [InlineData("@:example.org", "", "example.org")]                     // historical: empty localpart
    public void Parse_AcceptsCurrentAndHistoricalIds(string value, string localpart, string server)
    {
        var id = UserId.Parse(value);

        Assert.Equal(localpart, id.Localpart);
        Assert.Equal(server, id.Server.Value);
        Assert.Equal(value, id.ToString());
    }

    [Theory]
    [InlineData("alice:example.org")]
    [InlineData("@alice")]
    [InlineData("@alice:")]
    [InlineData("@alice:exa_mple.org")]
    [InlineData("#alice:example.org")]
    [InlineData("@al\0ice:example.org")]
    [InlineData("")]
    public void TryParse_RejectsMalformedIds(string value) => Assert.False(UserId.TryParse(value, out _));

    [Fact]
    public void TryParse_RejectsIdsLongerThan255Bytes()
    {
        var server = ":example.org";
        var fits = "@" + new string('a', 255 - 1 - server.Length) + server;
        Assert.True(UserId.TryParse(fits, out _));
        Assert.False(UserId.TryParse("@" + new string('a', 255 - server.Length) + server, out _));
    }

    [Fact]
    public void TryParse_CountsBytesNotCharacters()
    {
        // 'é' is two bytes in UTF-8: 122 of them plus sigil and domain is 257 bytes but only 135 chars.
        Assert.False(UserId.TryParse("@" + new string('é', 122) + ":example.org", out _));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("a.b_c=d-e/f+g0", true)]
    [InlineData("Alice", false)]
    [InlineData("", false)]
    [InlineData("al ice", false)]
    [InlineData("al:ice", false)]
    [InlineData("日本", false)]
    [InlineData("alice!", false)]
    public void IsValidLocalpartForRegistration_FollowsStrictGrammar(string localpart, bool expected) =>
        Assert.Equal(expected, UserId.IsValidLocalpartForRegistration(localpart));

    [Fact]
    public void Create_RejectsLocalpartOutsideStrictGrammar() =>
        Assert.Throws<ArgumentException>(() => UserId.Create("Alice", ServerName.Parse("example.org")));

    [Fact]
    public void Create_BuildsIdFromLocalpartAndServer() =>
        Assert.Equal("@alice:example.org", UserId.Create("alice", ServerName.Parse("example.org")).Value);

    [Fact]
    public void IsStrict_IsFalseForHistoricalLocalparts()
    {
        Assert.True(UserId.Parse("@alice:example.org").IsStrict);
        Assert.False(UserId.Parse("@Alice:example.org").IsStrict);
    }

    [Fact]
    public void Equality_IsOrdinalAndCaseSensitive()
    {
        Assert.Equal(UserId.Parse("@a:example.org"), UserId.Parse("@a:example.org"));
        Assert.NotEqual(UserId.Parse("@a:Example.org"), UserId.Parse("@a:example.org"));
    }
}
