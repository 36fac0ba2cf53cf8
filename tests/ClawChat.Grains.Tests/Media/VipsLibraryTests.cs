using ClawChat.Grains.Media.Vips;

namespace ClawChat.Grains.Tests.Media;

public sealed class VipsLibraryTests
{
    [Fact]
    public void Libvips_IsAvailable()
    {
        Assert.True(VipsLibrary.IsAvailable, "install the Debian package libvips42: " + VipsLibrary.UnavailableReason);
        Assert.StartsWith("8.", VipsLibrary.Version, StringComparison.Ordinal);
    }

    /// <summary>Regression: the optional modules must stay unloaded. openslide's module pulls the system
    /// libsqlite3 in with global symbols, which crashed the process inside Microsoft.Data.Sqlite's own SQLite;
    /// and none of these decoders should ever see an upload.</summary>
    [Theory]
    [InlineData("magickload")]
    [InlineData("openslideload")]
    [InlineData("pdfload")]
    [InlineData("heifload")]
    [InlineData("jxlload")]
    public void OptionalModules_AreNotLoaded(string operation)
    {
        Assert.True(VipsLibrary.IsAvailable, VipsLibrary.UnavailableReason);

        Assert.Throws<VipsException>(() => new VipsOperation(operation).Dispose());
    }

    [Theory]
    [InlineData("pngload")]
    [InlineData("jpegload")]
    [InlineData("gifload")]
    [InlineData("webpload")]
    [InlineData("thumbnail")]
    public void BuiltInOperations_AreThere(string operation)
    {
        using var created = new VipsOperation(operation);
    }
}
