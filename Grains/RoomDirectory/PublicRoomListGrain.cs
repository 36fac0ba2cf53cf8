using ClawChat.Grains.Interfaces.RoomDirectory;
using ClawChat.Runtime;

namespace ClawChat.Grains.RoomDirectory;

/// <summary>The published room list (see <see cref="IPublicRoomListGrain"/>): a set of room IDs, written on every
/// change (publishing is rare; listing is a read that interleaves).</summary>
[GrainType("public-room-list")]
public sealed class PublicRoomListGrain : Grain, IPublicRoomListGrain
{
    private readonly IPersistentState<PublicRoomListState> _state;

    public PublicRoomListGrain([PersistentState("rooms")] IPersistentState<PublicRoomListState> state)
    {
        _state = state;
    }

    public async Task SetPublishedAsync(string roomId, bool published)
    {
        var rooms = _state.State.Rooms;
        bool changed;
        if (published)
        {
            changed = !rooms.Contains(roomId, StringComparer.Ordinal);
            if (changed)
            {
                rooms.Add(roomId);
            }
        }
        else
        {
            changed = rooms.RemoveAll(r => string.Equals(r, roomId, StringComparison.Ordinal)) > 0;
        }

        if (changed)
        {
            await _state.WriteStateAsync();
        }
    }

    public Task<bool> IsPublishedAsync(string roomId) =>
        Task.FromResult(_state.State.Rooms.Contains(roomId, StringComparer.Ordinal));

    public Task<IReadOnlyList<string>> GetPublishedAsync()
    {
        IReadOnlyList<string> rooms = [.. _state.State.Rooms];
        return Task.FromResult(rooms);
    }
}
