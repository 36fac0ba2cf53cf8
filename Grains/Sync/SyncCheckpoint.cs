namespace ClawChat.Grains.Sync;

/// <summary>
/// A snapshot of a user's sync positions (room → <see cref="SyncRoomMark"/>) that tokens refer to by ID. The
/// order of <see cref="Rooms"/> is fixed when the checkpoint is written, so a token names a room by its index.
/// Checkpoint 0 is the empty checkpoint, never stored.
/// </summary>
internal sealed class SyncCheckpoint
{
    private readonly Dictionary<string, int> _index;

    public SyncCheckpoint(long id, IReadOnlyList<SyncRoomMark> rooms)
    {
        Id = id;
        Rooms = rooms;
        _index = new Dictionary<string, int>(rooms.Count, StringComparer.Ordinal);
        for (var i = 0; i < rooms.Count; i++)
        {
            _index[rooms[i].RoomId] = i;
        }
    }

    public static SyncCheckpoint Empty { get; } = new(0, []);

    public long Id { get; }

    public IReadOnlyList<SyncRoomMark> Rooms { get; }

    public SyncRoomMark? Get(string roomId) => _index.TryGetValue(roomId, out var i) ? Rooms[i] : null;

    public int? IndexOf(string roomId) => _index.TryGetValue(roomId, out var i) ? i : null;
}
