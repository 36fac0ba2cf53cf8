using ClawChat.Grains.Sync;

namespace ClawChat.Grains.Tests.Sync;

public sealed class SyncTokenTests
{
    [Theory]
    [InlineData("t0_0")]
    [InlineData("t12_7")]
    [InlineData("t3_9_0.15.1700000000000")]
    [InlineData("t3_9_0.15.0-4.2.1700000000001")]
    public void Format_RoundTripsThroughParse(string token)
    {
        Assert.True(SyncToken.TryParse(token, out var parsed));
        Assert.Equal(token, parsed.Format());
    }

    [Theory]
    [InlineData("")]
    [InlineData("s12")]
    [InlineData("t")]
    [InlineData("t1")]
    [InlineData("t1_x")]
    [InlineData("t1_2_3")]
    [InlineData("t1_2_3.4")]
    [InlineData("t-1_2")]
    [InlineData("t1_2_3.4.5_6")]
    public void Parse_RejectsAnythingElse(string token)
    {
        Assert.False(SyncToken.TryParse(token, out _));
    }
}
