namespace ClawChat.Runtime.Redis.Tests;

public class RedisOptionsTests
{
    [Fact]
    public void Parse_ReadsEveryKey()
    {
        var options = RedisOptions.Parse("redis.local:6380, password=p@ss ,user=silo,db=3,connectTimeout=1500,commandTimeout=250");

        Assert.Equal("redis.local", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Equal("p@ss", options.Password);
        Assert.Equal("silo", options.User);
        Assert.Equal(3, options.Database);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CommandTimeout);
    }

    [Fact]
    public void Parse_DefaultsPortTo6379()
        => Assert.Equal(6379, RedisOptions.Parse("localhost").Port);

    [Theory]
    [InlineData("host:notaport")]
    [InlineData("host:1,db=x")]
    [InlineData("host:1,color=blue")]
    [InlineData("host:1,justtext")]
    [InlineData("password=x")]
    public void Parse_Throws_OnMalformedString(string connectionString)
        => Assert.Throws<FormatException>(() => RedisOptions.Parse(connectionString));

    [Fact]
    public void ToString_RedactsPassword()
    {
        var text = RedisOptions.Parse("h:1,password=hunter2").ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("password=***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_NamesKeyAndValue_OfBadOption()
    {
        var result = new RedisOptionsValidator().Validate(null, new RedisOptions { Port = 0, CommandTimeout = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Port", StringComparison.Ordinal) && f.Contains('0', StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("CommandTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Backoff_GrowsExponentially_UpToCapWithJitter()
    {
        var options = new RedisOptions { ReconnectMinDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromSeconds(1) };

        for (int i = 0; i < 100; i++)
        {
            var first = RedisClient.Backoff(options, 0);
            var late = RedisClient.Backoff(options, 20);
            Assert.InRange(first.TotalMilliseconds, 50, 100);
            Assert.InRange(late.TotalMilliseconds, 500, 1000);
        }
    }
}
