using ClawChat.Grains.Interfaces.Configuration;

namespace ClawChat.Grains.Tests.Media;

public sealed class MediaOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new MediaOptionsValidator().Validate(null, new MediaOptions()).Succeeded);
    }

    [Theory]
    [InlineData("MaxUploadBytes")]
    [InlineData("MaxConcurrentThumbnails")]
    [InlineData("MaxUploadWait")]
    [InlineData("MaxPendingUploadsPerUser")]
    [InlineData("UrlPreview:AllowedNetworks")]
    public void BadValues_AreReported_NamingTheKey(string key)
    {
        var options = new MediaOptions();
        switch (key)
        {
            case "MaxUploadBytes": options.MaxUploadBytes = 0; break;
            case "MaxConcurrentThumbnails": options.MaxConcurrentThumbnails = 0; break;
            case "MaxUploadWait": options.MaxUploadWait = TimeSpan.FromMinutes(5); break;
            case "MaxPendingUploadsPerUser": options.MaxPendingUploadsPerUser = 0; break;
            case "UrlPreview:AllowedNetworks": options.UrlPreview.AllowedNetworks.Add("not-a-network"); break;
        }

        var result = new MediaOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("ClawChat:Media:" + key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Directories_DefaultUnderTheDataDirectory()
    {
        var options = new MediaOptions();
        var data = Path.Combine(Path.GetTempPath(), "data");

        Assert.Equal(Path.Combine(data, "media", "content"), options.ResolveContentDirectory(data));
        Assert.Equal(Path.Combine(data, "media", "thumbnails"), options.ResolveThumbnailDirectory(data));
    }

    [Fact]
    public void Thumbnails_FollowAConfiguredContentDirectory()
    {
        var options = new MediaOptions { ContentDirectory = Path.Combine(Path.GetTempPath(), "shared", "content") };

        Assert.Equal(Path.Combine(Path.GetTempPath(), "shared", "thumbnails"), options.ResolveThumbnailDirectory("/ignored"));
    }
}
