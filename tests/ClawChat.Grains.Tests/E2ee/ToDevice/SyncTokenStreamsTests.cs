using ClawChat.Grains.Sync;

namespace ClawChat.Grains.Tests.E2ee.ToDevice;

/// <summary>The to-device and device-list positions in the sync token: tokens issued before they existed still
/// parse (positions 0), new ones round-trip.</summary>
public sealed class SyncTokenStreamsTests
{
    [Theory]
    [InlineData("t3_9", 0, 0)]
    [InlineData("t3_9_0.15.1700000000000", 0, 0)]
    [InlineData("t3_9~12.0", 12, 0)]
    [InlineData("t3_9_0.15.0-4.2.1~0.7", 0, 7)]
    [InlineData("t0_0~5.6", 5, 6)]
    public void Parse_ReadsTheStreamPositions_AndFormatRoundTrips(string token, long toDevice, long deviceLists)
    {
        Assert.True(SyncToken.TryParse(token, out var parsed));

        Assert.Equal(toDevice, parsed.ToDevice);
        Assert.Equal(deviceLists, parsed.DeviceLists);
        Assert.Equal(token, parsed.Format());
    }

    [Theory]
    [InlineData("t3_9~")]
    [InlineData("t3_9~1")]
    [InlineData("t3_9~1.2.3")]
    [InlineData("t3_9~x.1")]
    [InlineData("t3_9~1.2~3.4")]
    [InlineData("t~1.2")]
    public void Parse_RejectsMalformedStreamPositions(string token)
    {
        Assert.False(SyncToken.TryParse(token, out _));
    }
}
