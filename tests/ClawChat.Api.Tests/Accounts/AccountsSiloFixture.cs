using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

/// <summary>One silo per test class (open registration on, rate limits off); tests use fresh random users.</summary>
public sealed class AccountsSiloFixture : IAsyncLifetime
{
    private RunningSilo? _silo;

    public RunningSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync("--ClawChat:Registration:Enabled", "true");

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
