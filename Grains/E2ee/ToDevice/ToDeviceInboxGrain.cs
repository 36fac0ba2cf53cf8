using System.Text;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.ToDevice;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.E2ee.ToDevice;

/// <summary>
/// One device's send-to-device queue (see <see cref="IToDeviceInboxGrain"/>; DIGEST §13). The persisted state is
/// the source of truth: a message is acknowledged to the sender only after it is written, and removed only when a
/// sync presents a token at or past its sequence, so a silo restart loses nothing and a retried sync with an old
/// token sees the same messages again. Bounded by count and by bytes; past either the oldest messages are dropped
/// (with a warning), as a device that has not synced for that long must re-establish its sessions anyway.
/// </summary>
[GrainType("to-device-inbox")]
public sealed partial class ToDeviceInboxGrain : Grain, IToDeviceInboxGrain
{
    /// <summary>Pending messages per device at most.</summary>
    internal const int MaxPending = 10_000;

    /// <summary>Pending content bytes per device at most (the whole state is rewritten on each change, so this also
    /// bounds the cost of an enqueue).</summary>
    internal const int MaxPendingBytes = 8 * 1024 * 1024;

    /// <summary>Message IDs remembered for duplicate detection: a client retries a send within seconds, so the
    /// last 1,000 sends to this device are plenty.</summary>
    internal const int MaxRecentIds = 1_000;

    private readonly IPersistentState<ToDeviceInboxState> _state;
    private readonly ILogger<ToDeviceInboxGrain> _logger;
    private readonly HashSet<string> _recent = new(StringComparer.Ordinal);
    private string _userId = string.Empty;
    private string _deviceId = string.Empty;
    private long _pendingBytes;

    public ToDeviceInboxGrain([PersistentState("inbox")] IPersistentState<ToDeviceInboxState> state, ILogger<ToDeviceInboxGrain> logger)
    {
        _state = state;
        _logger = logger;
    }

    private ToDeviceInboxState State => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Key: @user:server|DEVICE. A user ID has no '|' after its ':', a device ID may contain anything.
        var key = GetPrimaryKeyString();
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var bar = key.IndexOf('|', Math.Max(colon, 0));
        (_userId, _deviceId) = bar < 0 ? (key, string.Empty) : (key[..bar], key[(bar + 1)..]);
        _recent.UnionWith(State.RecentIds);
        _pendingBytes = State.Messages.Sum(m => (long)m.Size);
        return Task.CompletedTask;
    }

    public async Task<bool> EnqueueAsync(ToDeviceMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_recent.Contains(message.MessageId))
        {
            return false;
        }

        var sequence = State.LastSequence + 1;
        var size = Encoding.UTF8.GetByteCount(message.Content.GetRawText());
        State.LastSequence = sequence;
        State.Messages.Add(new ToDeviceEntry(sequence, message.Sender, message.Type, message.Content, message.MessageId, size));
        _pendingBytes += size;
        State.RecentIds.Add(message.MessageId);
        _recent.Add(message.MessageId);
        if (State.RecentIds.Count > MaxRecentIds)
        {
            var expired = State.RecentIds.Count - MaxRecentIds;
            _recent.ExceptWith(State.RecentIds.Take(expired));
            State.RecentIds.RemoveRange(0, expired);
        }

        DropOverflow();
        await _state.WriteStateAsync();
        _ = GrainFactory.GetGrain<ISyncGrain>(_userId).OnToDeviceAsync(_deviceId, sequence);
        return true;
    }

    public async Task<ToDeviceBatch> TakeAsync(long after, int limit)
    {
        var acknowledged = 0;
        while (acknowledged < State.Messages.Count && State.Messages[acknowledged].Sequence <= after)
        {
            _pendingBytes -= State.Messages[acknowledged].Size;
            acknowledged++;
        }

        if (acknowledged > 0)
        {
            State.Messages.RemoveRange(0, acknowledged);
            await _state.WriteStateAsync();
        }

        var count = Math.Clamp(limit, 0, State.Messages.Count);
        var messages = new List<ToDeviceMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var entry = State.Messages[i];
            messages.Add(new ToDeviceMessage(entry.Sender, entry.Type, entry.Content, entry.MessageId));
        }

        // Nothing pending past `after` means everything up to the last sequence is gone: the token may say so (and a
        // token from before a clear, or from elsewhere, is pulled back to what this inbox has assigned).
        var position = count > 0 ? State.Messages[count - 1].Sequence : State.LastSequence;
        return new ToDeviceBatch(messages, position, State.LastSequence);
    }

    public Task<long> GetLastSequenceAsync() => Task.FromResult(State.LastSequence);

    public async Task ClearAsync()
    {
        if (State.Messages.Count == 0 && State.RecentIds.Count == 0)
        {
            return;
        }

        State.Messages.Clear();
        State.RecentIds.Clear();
        _recent.Clear();
        _pendingBytes = 0;
        await _state.WriteStateAsync();
        Log.Cleared(_logger, _userId, _deviceId);
    }

    /// <summary>Drops the oldest messages past the count or byte bound (the newest one always stays).</summary>
    private void DropOverflow()
    {
        var dropped = 0;
        while (State.Messages.Count - dropped > 1 && (State.Messages.Count - dropped > MaxPending || _pendingBytes > MaxPendingBytes))
        {
            _pendingBytes -= State.Messages[dropped].Size;
            dropped++;
        }

        if (dropped > 0)
        {
            State.Messages.RemoveRange(0, dropped);
            Log.Overflow(_logger, _userId, _deviceId, dropped);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3720, LogLevel.Warning, "To-device inbox of {UserId} device {DeviceId} is full: dropped the {Count} oldest messages")]
        public static partial void Overflow(ILogger logger, string userId, string deviceId, int count);

        [LoggerMessage(3721, LogLevel.Debug, "To-device inbox of {UserId} device {DeviceId} cleared")]
        public static partial void Cleared(ILogger logger, string userId, string deviceId);
    }
}
