using System.Text.Json;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Bots.Crypto;
using ClawChat.Grains.Interfaces.Bots;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Bots;

/// <summary>The rolling history (<see cref="BotHistory"/>): what feeds it and how a main-timeline context is read from
/// it. Threads are always read from the room.</summary>
public sealed partial class BotConversationGrain
{
    private readonly List<BotHistory.Entry> _window = [];
    private BotHistory? _history;

    /// <summary>Whether the entries read from the room were read with the encrypted-room filter.</summary>
    private bool _historyEncrypted;

    /// <summary>Twice the room read's window plus room for prompts queued after the one being answered.</summary>
    private BotHistory History => _history ??= new BotHistory(2 * _services.Limits.HistoryEvents + 64);

    /// <summary>A pushed event, after decryption (<paramref name="readable"/> null when it cannot be read).</summary>
    private void RecordPushed(BotRoomEvent wire, JsonElement? readable, string readableType)
    {
        History.Record(wire.EventId, wire.Sender, wire.Type, wire.Content, readable, wire.Position, wire.OriginServerTs, pushed: true);
        if (readableType == EventTypes.Redaction && wire.Redacts is { } target)
        {
            History.Redact(target);
        }
    }

    /// <summary>An event this bot sent (the room does not push the bot's own events back).</summary>
    private void RecordSent(string eventId, long position, string wireType, JsonElement wireContent, JsonElement content) =>
        History.Record(eventId, _botId, wireType, wireContent, content, position, _services.Time.GetUtcNow().ToUnixTimeMilliseconds(), pushed: false);

    /// <summary>The main-timeline history before <paramref name="prompt"/> from the rolling history, or null when it
    /// cannot tell for sure (then the room is read).</summary>
    private List<ChatMessage>? CachedTimeline(BotPrompt prompt)
    {
        var history = History;
        if (_encrypted != _historyEncrypted)
        {
            // Room reads so far left encrypted events out; pushed ones are all there.
            if (history.HasSeed)
            {
                history.Clear();
            }

            _historyEncrypted = _encrypted;
        }

        if (!history.TryWindow(prompt.Position, State.ResetPosition, _encrypted, _services.Limits.HistoryEvents, _window))
        {
            return null;
        }

        var messages = new List<ChatMessage>(_window.Count + 1);
        foreach (var entry in _window)
        {
            if (entry.RelType is BotMessage.Thread or BotMessage.Replace || entry.Redacted || entry.EventId == prompt.EventId)
            {
                continue;
            }

            if (entry.Unreadable || entry.Unknown || entry.HasUnreadableEdit)
            {
                return null;
            }

            if (entry.LatestContent() is { } content && ToChatMessage(entry.Sender, content) is { } message)
            {
                messages.Add(message);
            }
        }

        return messages;
    }

    /// <summary>A room read event as a history entry; <paramref name="readable"/> is its decrypted form (null when it
    /// cannot be read), unused for thread replies and edits (they never become a message of the main timeline).</summary>
    private static BotHistory.Entry ToEntry(JsonElement raw, BotMessage relation, JsonElement? readable)
    {
        var relationOnly = relation.RelType is BotMessage.Thread or BotMessage.Replace;
        var wireType = raw.GetProperty("type").GetString()!;
        var redacted = raw.TryGetProperty("unsigned", out var unsigned) && unsigned.ValueKind == JsonValueKind.Object
            && unsigned.TryGetProperty("redacted_because", out _);
        List<BotHistory.Edit>? edits = null;
        JsonElement? content = null;
        if (!relationOnly && readable is { } r)
        {
            content = r.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Object ? c : null;
            if (r.TryGetProperty("unsigned", out var u) && u.ValueKind == JsonValueKind.Object
                && u.TryGetProperty("m.relations", out var relations) && relations.ValueKind == JsonValueKind.Object
                && relations.TryGetProperty(BotMessage.Replace, out var edit) && edit.ValueKind == JsonValueKind.Object
                && edit.TryGetProperty("event_id", out var editId) && editId.ValueKind == JsonValueKind.String)
            {
                var editContent = edit.TryGetProperty("content", out var ec) && ec.ValueKind == JsonValueKind.Object ? ec : (JsonElement?)null;
                var editTs = edit.TryGetProperty("origin_server_ts", out var ts) && ts.ValueKind == JsonValueKind.Number ? ts.GetInt64() : 0;
                // The room bundles only edits from the original sender with the original type.
                edits = [new BotHistory.Edit(editId.GetString()!, raw.GetProperty("sender").GetString()!, wireType, editTs, editContent ?? default, Bundled: true)];
            }
        }

        return new BotHistory.Entry
        {
            EventId = raw.GetProperty("event_id").GetString()!,
            Sender = raw.GetProperty("sender").GetString()!,
            WireType = wireType,
            RelType = relation.RelType,
            RelEventId = relation.RelEventId,
            Content = content,
            Ts = raw.TryGetProperty("origin_server_ts", out var own) && own.ValueKind == JsonValueKind.Number ? own.GetInt64() : 0,
            Unreadable = !relationOnly && readable is null,
            Redacted = redacted,
            Edits = edits,
        };
    }
}
