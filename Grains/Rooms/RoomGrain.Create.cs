using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary><c>/createRoom</c>.</summary>
public sealed partial class RoomGrain
{
    public async Task<CreateRoomResult> CreateAsync(CreateRoomCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_position > 0)
        {
            throw MatrixException.Unknown("The room already exists.", 400);
        }

        if (!RoomVersion.TryGet(command.RoomVersion, out var version))
        {
            throw MatrixException.UnsupportedRoomVersion();
        }

        var inputs = InitialRoomEvents.Build(command, version);

        // Each event is authorised against the state after the previous ones, so they are applied as they are
        // built; all of them are then appended in one store transaction. A failure leaves this activation's
        // memory ahead of the store, so it is discarded.
        var entries = new List<TimelineEntry>(inputs.Count);
        try
        {
            _version = version;
            foreach (var input in inputs)
            {
                var pdu = BuildEvent(command.Creator, input.Type, input.StateKey, input.Content);
                var entry = NewEntry(pdu);
                Apply(entry, live: true);
                entries.Add(entry);
            }

            await AppendAsync(0, [.. entries.Select(StoredEventCodec.Encode)]);
        }
        catch
        {
            _version = null;
            _position = 0;
            DeactivateOnIdle();
            throw;
        }

        await CheckpointAsync();
        PublishToSync(entries, live: true); // sync hook: RoomGrain.Sync.cs
        Log.Created(_logger, _roomId, version.Id, command.Creator);
        await NotifyMembershipChangesAsync(entries);
        return new CreateRoomResult(_roomId, version.Id, _position);
    }
}
