using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Runtime;

namespace ClawChat.Grains.Accounts;

/// <summary>Token-hash → owner index entry (see <see cref="IAccessTokenGrain"/>). Revocation clears the record.</summary>
[GrainType("access-token")]
public sealed class AccessTokenGrain : Grain, IAccessTokenGrain
{
    private readonly IPersistentState<AccessTokenState> _state;

    public AccessTokenGrain([PersistentState("owner")] IPersistentState<AccessTokenState> state)
    {
        _state = state;
    }

    public async Task GrantAsync(AccessTokenOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _state.State = new AccessTokenState { UserId = owner.UserId, DeviceId = owner.DeviceId };
        await _state.WriteStateAsync();
    }

    public Task<AccessTokenOwner?> GetOwnerAsync()
    {
        if (_state.State is { UserId: { } userId, DeviceId: { } deviceId })
        {
            return Task.FromResult<AccessTokenOwner?>(new AccessTokenOwner(userId, deviceId));
        }

        // Guessed or revoked tokens must not pin activations.
        DeactivateOnIdle();
        return Task.FromResult<AccessTokenOwner?>(null);
    }

    public async Task RevokeAsync()
    {
        if (_state.RecordExists)
        {
            await _state.ClearStateAsync();
        }
        else
        {
            _state.State = new AccessTokenState();
        }

        DeactivateOnIdle();
    }
}
