using ClawChat.Grains.Interfaces.E2ee.Backup;
using ClawChat.Runtime;

namespace ClawChat.Grains.E2ee.Backup;

/// <summary>The backed-up keys of one room in one version (see <see cref="IKeyBackupRoomGrain"/>). Written only
/// when a key actually changes, and removed from storage when the room's last key goes.</summary>
[GrainType("key-backup-room")]
public sealed class KeyBackupRoomGrain : Grain, IKeyBackupRoomGrain
{
    private readonly IPersistentState<KeyBackupRoomState> _state;

    public KeyBackupRoomGrain([PersistentState("keys")] IPersistentState<KeyBackupRoomState> state)
    {
        _state = state;
    }

    private Dictionary<string, BackedUpRoomKey> Sessions => _state.State.Sessions;

    public async Task<KeyBackupRoomChange> PutAsync(IReadOnlyDictionary<string, BackedUpRoomKey> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var changed = false;
        foreach (var (sessionId, key) in sessions)
        {
            if (!Sessions.TryGetValue(sessionId, out var existing) || key.IsBetterThan(existing))
            {
                Sessions[sessionId] = key;
                changed = true;
            }
        }

        if (changed)
        {
            await _state.WriteStateAsync();
        }

        return new KeyBackupRoomChange(changed, Sessions.Count);
    }

    public Task<int> CountNewAsync(IReadOnlyList<string> sessionIds)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        return Task.FromResult(sessionIds.Count(id => !Sessions.ContainsKey(id)));
    }

    public Task<IReadOnlyDictionary<string, BackedUpRoomKey>> GetAsync(string? sessionId)
    {
        IReadOnlyDictionary<string, BackedUpRoomKey> result = sessionId is null
            ? new Dictionary<string, BackedUpRoomKey>(Sessions, StringComparer.Ordinal)
            : Sessions.TryGetValue(sessionId, out var key)
                ? new Dictionary<string, BackedUpRoomKey>(StringComparer.Ordinal) { [sessionId] = key }
                : new Dictionary<string, BackedUpRoomKey>(StringComparer.Ordinal);
        return Task.FromResult(result);
    }

    public async Task<KeyBackupRoomChange> DeleteAsync(string? sessionId)
    {
        var changed = sessionId is null ? Sessions.Count > 0 : Sessions.Remove(sessionId);
        if (sessionId is null)
        {
            Sessions.Clear();
        }

        if (changed)
        {
            if (Sessions.Count == 0)
            {
                await _state.ClearStateAsync();
            }
            else
            {
                await _state.WriteStateAsync();
            }
        }

        return new KeyBackupRoomChange(changed, Sessions.Count);
    }
}
