using System.Text.RegularExpressions;
using ClawChat.Runtime.Redis.Tests.Infrastructure;

namespace ClawChat.Runtime.Redis.Tests;

public sealed partial class RedisScriptTests : IAsyncLifetime
{
    private static readonly RedisScript Increment = new("return redis.call('HINCRBY', KEYS[1], 'ver', ARGV[1])");

    private RedisServerProcess _server = null!;
    private RedisClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        _client = await RedisClient.ConnectAsync(_server.Options());
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public void Sha1_MatchesServerComputation()
        => Assert.Equal("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", new RedisScript("return 1").Sha1);

    [Fact]
    public async Task Evaluate_UsesEvalOnce_ThenEvalSha()
    {
        var key = TestKeys.Prefix() + "members";

        for (int i = 1; i <= 3; i++)
            Assert.Equal(i, (await Increment.EvaluateAsync(_client, [key], [1])).AsInt64());

        Assert.Equal((1, 2), await CallCountsAsync());
    }

    [Fact]
    public async Task Evaluate_FallsBackToEval_AfterScriptFlush()
    {
        var key = TestKeys.Prefix() + "members";
        await Increment.EvaluateAsync(_client, [key], [1]);
        await Increment.EvaluateAsync(_client, [key], [1]);

        await _client.ExecuteAsync("SCRIPT", "FLUSH");
        Assert.Equal(3, (await Increment.EvaluateAsync(_client, [key], [1])).AsInt64());
        Assert.Equal(4, (await Increment.EvaluateAsync(_client, [key], [1])).AsInt64());

        // EVAL, EVALSHA, EVALSHA (NOSCRIPT) + EVAL, EVALSHA.
        Assert.Equal((2, 3), await CallCountsAsync());
    }

    [Fact]
    public async Task EvalSha_ThrowsNoScript_ForUnknownScript()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => _client.EvalShaAsync(new string('0', 40)));

        Assert.Equal("NOSCRIPT", error.Prefix);
    }

    [Fact]
    public async Task Evaluate_SurfacesScriptErrors_WithTheirPrefix()
    {
        var dead = new RedisScript("return redis.error_reply('DEAD silo is dead')");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => dead.EvaluateAsync(_client));

        Assert.Equal("DEAD", error.Prefix);
    }

    [GeneratedRegex(@"cmdstat_(evalsha|eval):calls=(\d+)")]
    private static partial Regex CommandStat();

    private async Task<(long Eval, long EvalSha)> CallCountsAsync()
    {
        var info = (await _client.ExecuteAsync("INFO", "commandstats")).AsString()!;
        var counts = CommandStat().Matches(info).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        return (counts.GetValueOrDefault("eval"), counts.GetValueOrDefault("evalsha"));
    }
}
