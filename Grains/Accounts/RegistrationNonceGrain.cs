using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Runtime;

namespace ClawChat.Grains.Accounts;

/// <summary>An in-memory, single-use registration nonce (see <see cref="IRegistrationNonceGrain"/>).</summary>
[GrainType("registration-nonce")]
public sealed class RegistrationNonceGrain : Grain, IRegistrationNonceGrain
{
    private readonly TimeProvider _time;
    private DateTimeOffset? _expires;

    public RegistrationNonceGrain(TimeProvider time)
    {
        _time = time;
    }

    public Task IssueAsync(long lifetimeMs)
    {
        _expires = _time.GetUtcNow().AddMilliseconds(lifetimeMs);
        return Task.CompletedTask;
    }

    public Task<bool> RedeemAsync()
    {
        var valid = _expires is { } expires && _time.GetUtcNow() < expires;
        _expires = null;
        DeactivateOnIdle();
        return Task.FromResult(valid);
    }
}
