using ClawChat.Grains.Media;

namespace ClawChat.Grains.Tests.Media;

public sealed class ImageFormatSnifferTests
{
    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, MediaImageFormat.Png)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1 }, MediaImageFormat.Jpeg)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0 }, MediaImageFormat.Gif)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x37, 0x61, 1, 0, 1, 0, 0, 0 }, MediaImageFormat.Gif)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 36, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, MediaImageFormat.WebP)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 36, 0, 0, 0, 0x57, 0x41, 0x56, 0x45 }, MediaImageFormat.None)]
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67, 0x20, 0x78, 0x6D, 0x6C, 0x6E, 0x73, 0x3D, 0x22 }, MediaImageFormat.None)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46 }, MediaImageFormat.None)]
    [InlineData(new byte[0], MediaImageFormat.None)]
    public void Sniff_RecognisesOnlyTheThumbnailableFormats(byte[] header, MediaImageFormat expected)
    {
        Assert.Equal(expected, ImageFormatSniffer.Sniff(header));
    }

    [Theory]
    [InlineData(MediaImageFormat.Png)]
    [InlineData(MediaImageFormat.Jpeg)]
    [InlineData(MediaImageFormat.Gif)]
    [InlineData(MediaImageFormat.WebP)]
    public void Sniff_RecognisesWhatLibvipsEncodes(MediaImageFormat format)
    {
        Assert.Equal(format, ImageFormatSniffer.Sniff(TestImages.Create(format, 8, 8)));
    }
}
