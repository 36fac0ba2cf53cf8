using System.Text.Json;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Bots.Crypto;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Bots;

/// <summary>The model context: in a thread, the root and the thread's replies up to the prompt (read from the room);
/// otherwise the main timeline up to the prompt, without thread replies, from the rolling history when it can tell and
/// else read from the room (which then seeds it). Edited messages count with their latest text; notices, commands and
/// redacted messages are left out; history before <c>!bot reset</c> is forgotten.</summary>
public sealed partial class BotConversationGrain
{
    private async Task<List<ChatMessage>> BuildContextAsync(BotPrompt prompt, BotOptions bot)
    {
        var history = prompt.ThreadRoot is { } root
            ? await ToChatMessagesAsync(await ThreadEventsAsync(root, prompt), prompt)
            : CachedTimeline(prompt) ?? await ReadTimelineAsync(prompt);
        history.Add(new ChatMessage(ChatRole.User, prompt.Text, prompt.Sender));
        return BotContext.Build(State.SystemPrompt ?? bot.SystemPrompt, history, bot.ContextTokens);
    }

    private async Task<List<ChatMessage>> ToChatMessagesAsync(List<JsonElement> events, BotPrompt prompt)
    {
        var history = new List<ChatMessage>(events.Count + 1);
        foreach (var e in events)
        {
            if (e.GetProperty("event_id").GetString() == prompt.EventId)
            {
                continue; // added last, with the text being answered (an edit's, for a redo)
            }

            if (await ReadableAsync(e) is { } readable && ToChatMessage(readable) is { } message)
            {
                history.Add(message);
            }
        }

        return history;
    }

    /// <summary>The main timeline from the room; the page also replaces what the rolling history holds up to the prompt
    /// when nothing reached the history while the read ran.</summary>
    private async Task<List<ChatMessage>> ReadTimelineAsync(BotPrompt prompt)
    {
        var version = History.Version;
        var reset = State.ResetPosition;
        var page = await Room.GetMessagesAsync(new MessagesQuery(
            _botId,
            null,
            Backward: true,
            From: prompt.Position,
            To: reset > 0 ? reset : null,
            Limit: _services.Limits.HistoryEvents,
            new RoomEventFilter(Types: _encrypted ? [EventTypes.Message, BotCryptoGrain.EncryptedType] : [EventTypes.Message])));
        var encrypted = _encrypted;
        var entries = new List<BotHistory.Entry>(page.Chunk.Count);
        var history = new List<ChatMessage>(page.Chunk.Count + 1);
        for (var i = page.Chunk.Count - 1; i >= 0; i--)
        {
            var e = page.Chunk[i];
            var relation = e.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
                ? BotMessage.Parse(content)
                : BotMessage.Parse(default);
            if (relation.RelType is BotMessage.Thread or BotMessage.Replace)
            {
                entries.Add(ToEntry(e, relation, null));
                continue;
            }

            var readable = await ReadableAsync(e);
            entries.Add(ToEntry(e, relation, readable));
            if (e.GetProperty("event_id").GetString() != prompt.EventId && readable is { } r && ToChatMessage(r) is { } message)
            {
                history.Add(message); // the prompt is added last, with the text being answered (an edit's, for a redo)
            }
        }

        if (History.Version == version && reset == State.ResetPosition && encrypted == _encrypted && encrypted == _historyEncrypted)
        {
            if (page.End is null)
            {
                History.Seed(prompt.Position, reset, entries);
            }
            else if (RoomStreamToken.TryParse(page.End, out var next))
            {
                History.Seed(prompt.Position, next, entries);
            }
        }

        return history;
    }

    private async Task<List<JsonElement>> ThreadEventsAsync(string root, BotPrompt prompt)
    {
        var events = new List<JsonElement>();
        try
        {
            events.Add(await Room.GetEventAsync(_botId, null, root));
        }
        catch (MatrixException)
        {
            // the root is gone or invisible: the thread's replies still make a context
        }

        var page = await GrainFactory.GetGrain<IRoomRelationsGrain>(_roomId).GetRelationsAsync(new RelationsQuery(
            _botId, null, root, BotMessage.Thread, _encrypted ? null : EventTypes.Message, Backward: true, From: prompt.Position, To: null,
            Limit: _services.Limits.HistoryEvents, Recurse: false));
        for (var i = page.Chunk.Count - 1; i >= 0; i--)
        {
            events.Add(page.Chunk[i]);
        }

        return [.. events.Where(e => !e.TryGetProperty("origin_server_ts", out var ts) || ts.GetInt64() > State.ResetTs)];
    }

    /// <summary>A timeline event as a chat message, or null when it does not belong in the context.</summary>
    private ChatMessage? ToChatMessage(JsonElement e)
    {
        if (!e.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return ToChatMessage(e.GetProperty("sender").GetString()!, LatestContent(e, content));
    }

    /// <summary>A message's latest content as a chat message, or null when it does not belong in the context.</summary>
    private ChatMessage? ToChatMessage(string sender, JsonElement latestContent)
    {
        var message = BotMessage.Parse(latestContent);
        if (message.Body is not { Length: > 0 } body || message.MsgType is BotMessage.Notice || BotMessage.IsCommand(body))
        {
            return null;
        }

        return sender == _botId
            ? new ChatMessage(ChatRole.Assistant, body)
            : _services.Directory.IsBot(sender) ? null : new ChatMessage(ChatRole.User, body, sender);
    }

    /// <summary>The content as last edited: <c>m.new_content</c> of the bundled <c>m.replace</c> (DIGEST §3.6).</summary>
    private static JsonElement LatestContent(JsonElement e, JsonElement content) =>
        e.TryGetProperty("unsigned", out var unsigned) && unsigned.ValueKind == JsonValueKind.Object
        && unsigned.TryGetProperty("m.relations", out var relations) && relations.ValueKind == JsonValueKind.Object
        && relations.TryGetProperty(BotMessage.Replace, out var edit) && edit.ValueKind == JsonValueKind.Object
        && edit.TryGetProperty("content", out var editContent) && editContent.ValueKind == JsonValueKind.Object
        && editContent.TryGetProperty("m.new_content", out var newContent) && newContent.ValueKind == JsonValueKind.Object
            ? newContent
            : content;
}
