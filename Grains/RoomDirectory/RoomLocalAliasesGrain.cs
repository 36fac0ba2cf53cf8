using ClawChat.Grains.Interfaces.RoomDirectory;
using ClawChat.Runtime;

namespace ClawChat.Grains.RoomDirectory;

/// <summary>The local aliases of one room (see <see cref="IRoomLocalAliasesGrain"/>).</summary>
[GrainType("room-local-aliases")]
public sealed class RoomLocalAliasesGrain : Grain, IRoomLocalAliasesGrain
{
    private readonly IPersistentState<RoomLocalAliasesState> _state;

    public RoomLocalAliasesGrain([PersistentState("aliases")] IPersistentState<RoomLocalAliasesState> state)
    {
        _state = state;
    }

    public async Task AddAsync(string alias)
    {
        if (!_state.State.Aliases.Contains(alias, StringComparer.Ordinal))
        {
            _state.State.Aliases.Add(alias);
            await _state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string alias)
    {
        if (_state.State.Aliases.RemoveAll(a => string.Equals(a, alias, StringComparison.Ordinal)) > 0)
        {
            await _state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetAsync()
    {
        IReadOnlyList<string> aliases = [.. _state.State.Aliases];
        return Task.FromResult(aliases);
    }
}
