using ClawChat.Grains.Interfaces.E2ee.Backup;

namespace ClawChat.Grains.Tests.E2ee.Backup;

/// <summary>The "better key wins" rule of DIGEST §12.7: verified first, then lower first_message_index, then lower
/// forwarded_count; an equal key is not better (re-uploads change nothing).</summary>
public sealed class BackedUpRoomKeyTests
{
    [Theory]
    [InlineData(true, 9, 9, false, 0, 0, true)]
    [InlineData(false, 0, 0, true, 9, 9, false)]
    [InlineData(false, 1, 5, false, 2, 0, true)]
    [InlineData(false, 3, 0, false, 2, 0, false)]
    [InlineData(true, 2, 1, true, 2, 2, true)]
    [InlineData(true, 2, 2, true, 2, 1, false)]
    [InlineData(true, 2, 2, true, 2, 2, false)]
    public void IsBetterThan_FollowsVerifiedThenIndexThenForwardCount(
        bool verified, long index, long forwards, bool existingVerified, long existingIndex, long existingForwards, bool expected)
    {
        var candidate = new BackedUpRoomKey(index, forwards, verified, "{}");
        var existing = new BackedUpRoomKey(existingIndex, existingForwards, existingVerified, "{}");

        Assert.Equal(expected, candidate.IsBetterThan(existing));
    }

    [Theory]
    [InlineData("1", true, 1)]
    [InlineData("42", true, 42)]
    [InlineData("0", false, 0)]
    [InlineData("01", false, 0)]
    [InlineData("-1", false, 0)]
    [InlineData("+1", false, 0)]
    [InlineData(" 1", false, 0)]
    [InlineData("1.0", false, 0)]
    [InlineData("abc", false, 0)]
    [InlineData("", false, 0)]
    [InlineData("9999999999999999999", false, 0)]
    public void TryParse_AcceptsOnlyCanonicalPositiveIntegers(string text, bool ok, long version)
    {
        Assert.Equal(ok, KeyBackupIds.TryParse(text, out var parsed));
        Assert.Equal(version, parsed);
    }
}
