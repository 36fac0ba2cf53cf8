using ClawChat.Runtime;
using ClawChat.Runtime.Storage;

namespace ClawChat.Grains.Sync;

/// <summary>
/// Archived sync checkpoints, one grain-state record each (type <c>sync-checkpoint</c>, key
/// <c>&lt;user&gt;#&lt;id&gt;</c>), so writing one never rewrites the others and old ones can be deleted
/// (garbage collection keeps the last <see cref="SyncGrain.RetainedCheckpoints"/>).
/// </summary>
internal sealed class SyncCheckpointStore(IGrainStorage storage)
{
    private const string StateName = "checkpoint";
    private static readonly GrainType RecordType = new("sync-checkpoint");

    public async Task<SyncCheckpoint?> ReadAsync(string userId, long id)
    {
        var record = new Record();
        await storage.ReadStateAsync(StateName, Key(userId, id), record, CancellationToken.None);
        return record.RecordExists ? new SyncCheckpoint(id, record.State.Rooms) : null;
    }

    /// <summary>Writes checkpoint <paramref name="id"/>, replacing a leftover record of an attempt that crashed
    /// before the head moved on.</summary>
    public async Task WriteAsync(string userId, long id, List<SyncRoomMark> rooms)
    {
        var record = new Record();
        await storage.ReadStateAsync(StateName, Key(userId, id), record, CancellationToken.None);
        record.State = new SyncCheckpointRecord { Rooms = rooms };
        await storage.WriteStateAsync(StateName, Key(userId, id), record, CancellationToken.None);
    }

    public async Task DeleteAsync(string userId, long id)
    {
        var record = new Record();
        await storage.ReadStateAsync(StateName, Key(userId, id), record, CancellationToken.None);
        if (record.RecordExists)
        {
            await storage.ClearStateAsync(StateName, Key(userId, id), record, CancellationToken.None);
        }
    }

    private static GrainId Key(string userId, long id) => new(RecordType, $"{userId}#{id}");

    private sealed class Record : IGrainState<SyncCheckpointRecord>
    {
        public SyncCheckpointRecord State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
