using ClawChat.Runtime.Cluster.Directory;

namespace ClawChat.Runtime.Cluster.Tests.Directory;

/// <summary>The stored entry <c>"siloId|activationId|membershipVersion"</c> (brief C5).</summary>
public sealed class GrainDirectoryEntryTests
{
    private static readonly GrainId Grain = new(new GrainType("room"), "!r|odd:x");

    [Fact]
    public void RoundTrips()
    {
        var address = new GrainAddress(Grain, SiloAddress.Parse("10.1.2.3:11111@1732001234567"), ulong.MaxValue, 42);

        var text = GrainDirectoryEntry.Format(address);

        Assert.Equal("10.1.2.3:11111@1732001234567|18446744073709551615|42", text);
        Assert.True(GrainDirectoryEntry.TryParse(Grain, text, out var parsed));
        Assert.Equal(address, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("10.1.2.3:11111@1|x|1")]
    [InlineData("10.1.2.3:11111@1|1")]
    [InlineData("nohost|1|1")]
    public void Rejects_MalformedEntries(string text)
    {
        Assert.False(GrainDirectoryEntry.TryParse(Grain, text, out _));
    }
}
