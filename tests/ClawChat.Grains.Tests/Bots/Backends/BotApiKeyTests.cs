using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Interfaces.Configuration;

namespace ClawChat.Grains.Tests.Bots.Backends;

public sealed class BotApiKeyTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "clawchat-key-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void KeyFile_IsReadAndTrimmed()
    {
        File.WriteAllText(_file, "  sk-from-file\n\n");

        Assert.Equal("sk-from-file", BotApiKey.Resolve(new BotOptions { UserId = "@b:localhost", ApiKeyFile = _file }));
    }

    [Fact]
    public void ApiKey_WinsOverTheFile()
    {
        File.WriteAllText(_file, "sk-from-file");

        var bot = new BotOptions { UserId = "@b:localhost", ApiKey = " sk-from-env ", ApiKeyFile = _file };

        Assert.Equal("sk-from-env", BotApiKey.Resolve(bot));
        Assert.Equal(nameof(BotOptions.ApiKey), BotApiKey.Source(bot));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("   ", null)]
    public void NoKey_IsNull(string? apiKey, string? apiKeyFile)
    {
        var bot = new BotOptions { UserId = "@b:localhost", ApiKey = apiKey, ApiKeyFile = apiKeyFile };

        Assert.Null(BotApiKey.Resolve(bot));
        Assert.Equal("none", BotApiKey.Source(bot));
    }

    [Fact]
    public void BlankFile_IsNoKey()
    {
        File.WriteAllText(_file, " \n");

        Assert.Null(BotApiKey.Resolve(new BotOptions { UserId = "@b:localhost", ApiKeyFile = _file }));
    }

    [Fact]
    public void MissingFile_FailsNamingTheFile()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => BotApiKey.Resolve(new BotOptions { UserId = "@b:localhost", ApiKeyFile = _file }));

        Assert.Contains(_file, error.Message, StringComparison.Ordinal);
    }
}
