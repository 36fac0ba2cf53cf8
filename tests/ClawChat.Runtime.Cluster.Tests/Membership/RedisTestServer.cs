using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Redis;
using ClawChat.Runtime.Redis.PubSub;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>The Redis server the contract suites run against: <c>CLAWCHAT_TEST_REDIS</c> (host:port),
/// which <c>./test.sh</c> sets after starting a private redis-server. Unset or unreachable makes every
/// Redis test fail with a message saying how to fix it. Tests isolate themselves with random cluster
/// ids, so one server serves all of them in parallel.</summary>
public sealed class RedisTestServer : IAsyncLifetime
{
    public const string Variable = "CLAWCHAT_TEST_REDIS";

    private RedisClient? _client;
    private string? _error;

    public RedisClient Client => _client ?? throw new InvalidOperationException(_error);

    public string ConnectionString => Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException(_error);

    public async Task InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            _error = $"{Variable} is not set. Run ./test.sh (it starts a private redis-server), or start one with " +
                "`redis-server --bind 127.0.0.1 --port 26390 --save '' --appendonly no --daemonize yes` and " +
                $"`export {Variable}=127.0.0.1:26390`.";
            return;
        }

        try
        {
            _client = await RedisClient.ConnectAsync(connectionString);
        }
        catch (Exception ex)
        {
            _error = $"Cannot reach Redis at {Variable}={connectionString} ({ex.Message}). Run ./test.sh or start redis-server there.";
        }
    }

    public Task<RedisSubscriber> CreateSubscriberAsync() => RedisSubscriber.ConnectAsync(RedisOptions.Parse(ConnectionString));

    /// <summary>Deletes every key of one test cluster (best effort).</summary>
    public async Task DeleteClusterAsync(string clusterId)
    {
        if (_client is null)
        {
            return;
        }

        var keys = new List<RedisValue>();
        await foreach (var key in _client.ScanKeysAsync(ClusterRedisKeys.AllKeysPattern(clusterId), 500))
        {
            keys.Add(key);
        }

        if (keys.Count > 0)
        {
            await _client.ExecuteAsync("DEL", [.. keys]);
        }
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }
}
