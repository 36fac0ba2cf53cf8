using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Tests.Events;

public sealed class RoomVersionTests
{
    [Theory]
    [InlineData("10", true, false)]
    [InlineData("11", false, true)]
    public void TryGet_ReturnsRulesForSupportedVersions(string id, bool usesCreator, bool redactsInContent)
    {
        Assert.True(RoomVersion.TryGet(id, out var version));
        Assert.Equal(id, version.Id);
        Assert.Equal(usesCreator, version.UsesCreatorField);
        Assert.Equal(redactsInContent, version.RedactsInContent);
        Assert.Equal(redactsInContent, version.RedactionRulesV11);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("9")]
    [InlineData("12")]
    [InlineData("org.example.custom")]
    [InlineData("")]
    public void TryGet_RefusesVersionsWeDoNotImplement(string id) => Assert.False(RoomVersion.TryGet(id, out _));

    [Theory]
    [InlineData("1", true)]
    [InlineData("9", true)]
    [InlineData("12", true)]
    [InlineData("13", false)]
    [InlineData("org.example.custom", false)]
    public void IsSpecVersion_KnowsTheSpecVersions(string id, bool expected) => Assert.Equal(expected, RoomVersion.IsSpecVersion(id));

    [Fact]
    public void Default_IsVersion11() => Assert.Same(RoomVersion.V11, RoomVersion.Default);
}
