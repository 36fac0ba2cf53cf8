using ClawChat.Grains.Interfaces.Push;
using ClawChat.Runtime;

namespace ClawChat.Grains.Push;

/// <summary>See <see cref="IPushkeyOwnersGrain"/>. Never awaits a pushers grain (removals are one-way), so a
/// pushers grain waiting on this one can never be part of a wait cycle.</summary>
[GrainType("pushkey-owners")]
public sealed class PushkeyOwnersGrain : Grain, IPushkeyOwnersGrain
{
    private readonly IPersistentState<PushkeyOwnersState> _state;

    public PushkeyOwnersGrain([PersistentState("owners")] IPersistentState<PushkeyOwnersState> state)
    {
        _state = state;
    }

    private List<string> Users => _state.State.Users;

    public async Task ClaimAsync(string userId, string appId, string pushkey, bool append)
    {
        var others = append ? [] : Users.Where(u => u != userId).ToList();
        var changed = others.Count > 0 || !Users.Contains(userId);
        if (!changed)
        {
            return;
        }

        Users.RemoveAll(others.Contains);
        if (!Users.Contains(userId))
        {
            Users.Add(userId);
        }

        await _state.WriteStateAsync();
        foreach (var other in others)
        {
            await GrainFactory.GetGrain<IPushersGrain>(other).OnPushkeyTakenAsync(appId, pushkey);
        }
    }

    public async Task ReleaseAsync(string userId)
    {
        if (Users.Remove(userId))
        {
            await _state.WriteStateAsync();
        }
    }
}
