using ClawChat.Testing;

namespace ClawChat.Api.Tests.Push;

/// <summary>One silo per test class, allowed to push to gateways on loopback (the test gateway) and retrying
/// quickly (50 ms, 100 ms, … instead of 1 s, 2 s, …) so back-off tests stay short.</summary>
public sealed class PushSiloFixture : IAsyncLifetime
{
    private RunningSilo? _silo;

    public RunningSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync(
        "--ClawChat:Push:AllowedNetworks:0", "127.0.0.0/8",
        "--ClawChat:Push:InitialRetryDelay", "00:00:00.050",
        "--ClawChat:Push:MaxRetryDelay", "00:00:00.400",
        "--ClawChat:Push:MaxDeliveryAttempts", "4",
        "--ClawChat:Push:GatewayTimeout", "00:00:05");

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
