using ClawChat.Testing;

namespace ClawChat.Api.Tests.Sync;

/// <summary>One silo per test class; every test registers fresh users and creates fresh rooms.</summary>
public sealed class SyncSiloFixture : IAsyncLifetime
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
