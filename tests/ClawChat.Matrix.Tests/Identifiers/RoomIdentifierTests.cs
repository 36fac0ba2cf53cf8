using ClawChat.Matrix.Identifiers;

namespace ClawChat.Matrix.Tests.Identifiers;

public sealed class RoomIdentifierTests
{
    [Theory]
    [InlineData("!abcDEF123:example.org", "example.org")]
    [InlineData("!opaque:[::1]:8448", "[::1]:8448")]
    [InlineData("!6XVpDRSrhE-jF6359Qq6ZwJyZ8cz4qXOXs6PL685pVQ", null)] // v12 style, no domain
    public void RoomId_Parse_AcceptsValidIds(string value, string? server)
    {
        var id = RoomId.Parse(value);

        Assert.Equal(value, id.Value);
        Assert.Equal(server, id.Server?.Value);
    }

    [Theory]
    [InlineData("abc:example.org")]
    [InlineData("!")]
    [InlineData("!:example.org")]
    [InlineData("!abc:bad_server")]
    [InlineData("$abc:example.org")]
    public void RoomId_TryParse_RejectsInvalidIds(string value) => Assert.False(RoomId.TryParse(value, out _));

    [Fact]
    public void RoomId_New_GeneratesAlphanumericLocalpartOnGivenServer()
    {
        var id = RoomId.New(ServerName.Parse("example.org"));

        Assert.Matches("^![A-Za-z0-9]{18}:example.org$", id.Value);
        Assert.NotEqual(id, RoomId.New(ServerName.Parse("example.org")));
    }

    [Theory]
    [InlineData("#room:example.org", "room")]
    [InlineData("#Room With Spaces:example.org", "Room With Spaces")]
    public void RoomAlias_Parse_AcceptsValidAliases(string value, string localpart) =>
        Assert.Equal(localpart, RoomAlias.Parse(value).Localpart);

    [Theory]
    [InlineData("room:example.org")]
    [InlineData("#room")]
    [InlineData("#room:")]
    [InlineData("!room:example.org")]
    public void RoomAlias_TryParse_RejectsInvalidAliases(string value) => Assert.False(RoomAlias.TryParse(value, out _));

    [Theory]
    [InlineData("$E5c8Dgw2Q1gjy1Ei9A87SPoHEhHGxJRXakuNoQKevhw", true)]
    [InlineData("$prev", false)]
    [InlineData("$0:domain", false)]
    public void EventId_Parse_AcceptsOpaqueIdsAndRecognisesReferenceHashes(string value, bool isReferenceHash) =>
        Assert.Equal(isReferenceHash, EventId.Parse(value).IsReferenceHash);

    [Theory]
    [InlineData("")]
    [InlineData("$")]
    [InlineData("E5c8Dgw2Q1gjy1Ei9A87SPoHEhHGxJRXakuNoQKevhw")]
    [InlineData("!abc:example.org")]
    public void EventId_TryParse_RejectsInvalidIds(string value) => Assert.False(EventId.TryParse(value, out _));

    [Fact]
    public void EventId_FromReferenceHash_UsesUrlSafeUnpaddedBase64()
    {
        var hash = new byte[32];
        Array.Fill(hash, (byte)0xFB);

        var id = EventId.FromReferenceHash(hash);

        // 0xFB 0xFB 0xFB is "+/v7" in standard base64; URL-safe swaps '+' and '/' for '-' and '_'.
        Assert.Equal("$" + string.Concat(Enumerable.Repeat("-_v7", 10)) + "-_s", id.Value);
        Assert.True(id.IsReferenceHash);
    }

    [Theory]
    [InlineData("mxc://example.org/abcDEF_123-x", "example.org", "abcDEF_123-x")]
    [InlineData("mxc://[::1]:8008/media", "[::1]:8008", "media")]
    public void MxcUri_Parse_AcceptsValidUris(string value, string server, string mediaId)
    {
        var uri = MxcUri.Parse(value);

        Assert.Equal(server, uri.Server.Value);
        Assert.Equal(mediaId, uri.MediaId);
        Assert.Equal(value, uri.ToString());
    }

    [Theory]
    [InlineData("http://example.org/media")]
    [InlineData("mxc://example.org/")]
    [InlineData("mxc://example.org/../etc/passwd")]
    [InlineData("mxc://example.org/a/b")]
    [InlineData("mxc://example.org/a.b")]
    [InlineData("mxc://bad_server/media")]
    [InlineData("mxc:///media")]
    public void MxcUri_TryParse_RejectsUnsafeOrInvalidUris(string value) => Assert.False(MxcUri.TryParse(value, out _));

    [Fact]
    public void DeviceId_New_GeneratesTenUpperCaseLetters() => Assert.Matches("^[A-Z]{10}$", DeviceId.New().Value);

    [Theory]
    [InlineData("ABCDEFGHIJ", true)]
    [InlineData("my phone", true)]
    [InlineData("", false)]
    [InlineData("bad\nid", false)]
    public void DeviceId_TryParse_AcceptsOpaqueIdsWithoutControlCharacters(string value, bool expected) =>
        Assert.Equal(expected, DeviceId.TryParse(value, out _));
}
