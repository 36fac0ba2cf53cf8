using ClawChat.Testing;

namespace ClawChat.Api.Tests.Media;

/// <summary>One silo per test class with default media settings; tests use fresh random users.</summary>
public sealed class MediaSiloFixture : IAsyncLifetime
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
