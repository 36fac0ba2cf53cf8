using ClawChat.Testing;

namespace ClawChat.Api.Tests.E2ee.Keys;

/// <summary>One silo per test class; tests use fresh random users registered with the shared secret.</summary>
public sealed class KeysSiloFixture : IAsyncLifetime
{
    private RunningSilo? _silo;

    public RunningSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
