using ClawChat.Grains.Interfaces.Media;
using ClawChat.Grains.Media;

namespace ClawChat.Grains.Tests.Media;

public sealed class ThumbnailPlannerTests
{
    private static readonly ImageInfo Landscape = new(MediaImageFormat.Png, 400, 200, 1);

    [Theory]
    [InlineData(ThumbnailMethod.Scale)]
    [InlineData(ThumbnailMethod.Crop)]
    public void Plan_UsesOriginal_WhenItFitsTheRequest(ThumbnailMethod method)
    {
        var plan = ThumbnailPlanner.Plan(Landscape, new ThumbnailRequest(400, 200, method, null));

        Assert.True(plan.UseOriginal);
    }

    [Fact]
    public void Plan_Scale_TargetsTheBox()
    {
        var plan = ThumbnailPlanner.Plan(Landscape, new ThumbnailRequest(100, 100, ThumbnailMethod.Scale, null));

        Assert.Equal((false, 100, 100, false), (plan.UseOriginal, plan.Width, plan.Height, plan.Crop));
    }

    [Fact]
    public void Plan_Crop_TargetsTheExactSize()
    {
        var plan = ThumbnailPlanner.Plan(Landscape, new ThumbnailRequest(96, 96, ThumbnailMethod.Crop, null));

        Assert.Equal((96, 96, true), (plan.Width, plan.Height, plan.Crop));
    }

    [Fact]
    public void Plan_Crop_NeverUpscalesADimensionTheSourceLacks()
    {
        var plan = ThumbnailPlanner.Plan(Landscape, new ThumbnailRequest(300, 300, ThumbnailMethod.Crop, null));

        Assert.Equal((300, 200), (plan.Width, plan.Height));
    }

    [Theory]
    [InlineData(MediaImageFormat.Png, MediaImageFormat.Png)]
    [InlineData(MediaImageFormat.Jpeg, MediaImageFormat.Jpeg)]
    [InlineData(MediaImageFormat.Gif, MediaImageFormat.Png)]
    [InlineData(MediaImageFormat.WebP, MediaImageFormat.WebP)]
    public void Plan_PicksAnOutputFormat_PerSource(MediaImageFormat source, MediaImageFormat output)
    {
        var plan = ThumbnailPlanner.Plan(Landscape with { Format = source }, new ThumbnailRequest(32, 32, ThumbnailMethod.Crop, null));

        Assert.Equal(output, plan.Output);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public void Plan_FlattensASmallAnimatedSource_UnlessAnimationIsAsked(bool? animated)
    {
        var gif = new ImageInfo(MediaImageFormat.Gif, 40, 40, 3);

        var plan = ThumbnailPlanner.Plan(gif, new ThumbnailRequest(64, 64, ThumbnailMethod.Scale, animated));

        Assert.Equal((false, false, 40, 40, MediaImageFormat.Png), (plan.UseOriginal, plan.Animated, plan.Width, plan.Height, plan.Output));
    }

    [Fact]
    public void Plan_ServesASmallAnimatedOriginal_WhenAnimationIsAsked()
    {
        var gif = new ImageInfo(MediaImageFormat.Gif, 40, 40, 3);

        Assert.True(ThumbnailPlanner.Plan(gif, new ThumbnailRequest(64, 64, ThumbnailMethod.Scale, true)).UseOriginal);
    }

    [Fact]
    public void Plan_AnimatesAsWebP_WhenAskedAndTheSourceIsAnimated()
    {
        var gif = new ImageInfo(MediaImageFormat.Gif, 400, 400, 3);

        var plan = ThumbnailPlanner.Plan(gif, new ThumbnailRequest(64, 64, ThumbnailMethod.Scale, true));

        Assert.Equal((true, MediaImageFormat.WebP), (plan.Animated, plan.Output));
    }

    [Fact]
    public void Plan_CropsAnimatedSources_ToAStillImage()
    {
        var gif = new ImageInfo(MediaImageFormat.Gif, 400, 400, 3);

        var plan = ThumbnailPlanner.Plan(gif, new ThumbnailRequest(64, 64, ThumbnailMethod.Crop, true));

        Assert.Equal((false, MediaImageFormat.Png), (plan.Animated, plan.Output));
    }

    [Fact]
    public void Plan_IgnoresAnimatedForStillSources()
    {
        var plan = ThumbnailPlanner.Plan(Landscape with { Format = MediaImageFormat.Jpeg }, new ThumbnailRequest(64, 64, ThumbnailMethod.Scale, true));

        Assert.Equal((false, MediaImageFormat.Jpeg), (plan.Animated, plan.Output));
    }

    [Fact]
    public void CacheName_NamesTheVariant()
    {
        var plan = ThumbnailPlanner.Plan(Landscape, new ThumbnailRequest(96, 96, ThumbnailMethod.Crop, null));

        Assert.Equal("96x96-crop.png", plan.CacheName);
    }
}
