using System.Text;
using ClawChat.Matrix.Json;

namespace ClawChat.Matrix.Tests.Json;

public sealed class UnpaddedBase64Tests
{
    // RFC 4648 §10 vectors with padding removed, as in the spec appendix.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "Zg")]
    [InlineData("fo", "Zm8")]
    [InlineData("foo", "Zm9v")]
    [InlineData("foob", "Zm9vYg")]
    [InlineData("fooba", "Zm9vYmE")]
    [InlineData("foobar", "Zm9vYmFy")]
    public void Encode_DropsPadding(string input, string expected) =>
        Assert.Equal(expected, UnpaddedBase64.Encode(Encoding.ASCII.GetBytes(input)));

    [Theory]
    [InlineData("Zm9vYg")]
    [InlineData("Zm9vYg==")]
    public void TryDecode_AcceptsPaddedAndUnpaddedInput(string input)
    {
        Assert.True(UnpaddedBase64.TryDecode(input, out var data));
        Assert.Equal("foob", Encoding.ASCII.GetString(data));
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("Zm9v!")]
    [InlineData("-_8")]
    public void TryDecode_RejectsInvalidInput(string input) => Assert.False(UnpaddedBase64.TryDecode(input, out _));

    [Fact]
    public void EncodeUrlSafe_UsesDashAndUnderscore() =>
        Assert.Equal("-_8", UnpaddedBase64.EncodeUrlSafe([0xFB, 0xFF]));

    [Fact]
    public void TryDecodeUrlSafe_RoundTrips()
    {
        Assert.True(UnpaddedBase64.TryDecodeUrlSafe("-_8", out var data));
        Assert.Equal(new byte[] { 0xFB, 0xFF }, data);
    }
}
