namespace ClawChat.Runtime.Redis.Tests.Infrastructure;

/// <summary>One redis-server per test class; tests isolate themselves with random key prefixes.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
