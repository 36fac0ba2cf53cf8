using System.Diagnostics;
using System.Text.Json;
using ClawChat.Benchmarks.Sync;
using ClawChat.Grains.Interfaces.Bots;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Events;
using ClawChat.Runtime;

namespace ClawChat.Benchmarks.Bots;

/// <summary>One user in a direct room with the bot, asking questions one after the other and waiting for each final
/// answer the way a client does: on its <c>/sync</c> long-poll (the sync grain).</summary>
internal sealed class BotBenchConversation
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly IGrainFactory _factory;
    private readonly InstantChatBackend _backend;
    private readonly string _botId;
    private readonly bool _streaming;
    private string _since = string.Empty;
    private int _asked;

    private BotBenchConversation(IGrainFactory factory, InstantChatBackend backend, string botId, bool streaming, string userId, string roomId)
    {
        _factory = factory;
        _backend = backend;
        _botId = botId;
        _streaming = streaming;
        UserId = userId;
        RoomId = roomId;
    }

    public string UserId { get; }

    public string RoomId { get; }

    private IRoomGrain Room => _factory.GetGrain<IRoomGrain>(RoomId);

    /// <summary>A room created by a fresh user with the bot invited; returns once the bot has joined.</summary>
    public static async Task<BotBenchConversation> CreateAsync(IGrainFactory factory, InstantChatBackend backend, string botId, bool streaming)
    {
        var id = Guid.NewGuid().ToString("N");
        var conversation = new BotBenchConversation(factory, backend, botId, streaming, $"@bench-{id[..12]}:bench.local", $"!{id}:bench.local");
        var room = conversation.Room;
        await room.CreateAsync(new CreateRoomCommand(conversation.UserId, "11", RoomPresets.TrustedPrivateChat, null, null, null,
            [botId], [], true, null, null, null, null));
        var deadline = Stopwatch.GetTimestamp();
        while (await room.GetMembershipAsync(botId) != Membership.Join)
        {
            if (Stopwatch.GetElapsedTime(deadline) > Deadline)
            {
                throw new TimeoutException($"{botId} did not join {conversation.RoomId} within {Deadline}.");
            }

            await Task.Delay(5);
        }

        conversation._since = SyncLatencyBenchmark.NextBatch(await SyncLatencyBenchmark.Sync(factory, conversation.UserId, null, 0));
        return conversation;
    }

    /// <summary>Sends one question and waits until the final answer reaches the user's /sync.</summary>
    public async Task<BotCycle> AskAsync()
    {
        var question = $"question {++_asked} in {RoomId}";
        var expected = InstantChatBackend.AnswerTo(question);
        var content = JsonSerializer.SerializeToElement(new { msgtype = "m.text", body = question });
        var started = Stopwatch.GetTimestamp();
        await Room.SendEventAsync(new SendEventCommand(UserId, "BENCH", Guid.NewGuid().ToString("N"), "m.room.message", content));
        var acknowledged = Stopwatch.GetTimestamp();
        while (true)
        {
            var response = await SyncLatencyBenchmark.Sync(_factory, UserId, _since, 30_000);
            var seen = Stopwatch.GetTimestamp();
            if (HoldsFinalAnswer(response, expected, out var nextBatch))
            {
                _since = nextBatch;
                var requested = _backend.RequestedAt(BotConversationKey.Format(_botId, RoomId));
                return new BotCycle(
                    Ms(acknowledged - started),
                    requested > started ? Ms(requested - started) : double.NaN,
                    requested > started ? Ms(seen - requested) : double.NaN,
                    Ms(seen - started));
            }

            _since = nextBatch;
            if (Stopwatch.GetElapsedTime(started) > Deadline)
            {
                throw new TimeoutException($"No final answer '{expected}' from {_botId} in {RoomId} within {Deadline}.");
            }
        }
    }

    /// <summary>Whether the sync response carries the bot's final answer: with streaming, the <c>m.replace</c> edit whose
    /// <c>m.new_content.body</c> is the whole answer; without, the answer itself.</summary>
    private bool HoldsFinalAnswer(string response, string expected, out string nextBatch)
    {
        using var document = JsonDocument.Parse(response);
        var root = document.RootElement;
        nextBatch = root.GetProperty("next_batch").GetString()!;
        if (!root.TryGetProperty("rooms", out var rooms) || !rooms.TryGetProperty("join", out var join)
            || !join.TryGetProperty(RoomId, out var room) || !room.TryGetProperty("timeline", out var timeline))
        {
            return false;
        }

        foreach (var e in timeline.GetProperty("events").EnumerateArray())
        {
            if (e.GetProperty("sender").GetString() != _botId || !e.TryGetProperty("content", out var c))
            {
                continue;
            }

            var isEdit = c.TryGetProperty("m.relates_to", out var r) && r.TryGetProperty("rel_type", out var t) && t.GetString() == "m.replace";
            var body = isEdit
                ? c.TryGetProperty("m.new_content", out var n) && n.TryGetProperty("body", out var b) ? b.GetString() : null
                : c.TryGetProperty("body", out var plain) ? plain.GetString() : null;
            // Streaming answers end with an edit carrying the full text — unless the model answered before the first
            // send, which then carries the whole answer and needs no edit.
            if (body == expected && (isEdit == _streaming || !isEdit))
            {
                return true;
            }
        }

        return false;
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>One question → final answer cycle, in ms from the question's send starting: the send's acknowledgement,
/// the model request arriving at the backend, and the final answer arriving in the user's /sync (also given from the
/// model request).</summary>
internal readonly record struct BotCycle(double SendAck, double ToModel, double ModelToSeen, double EndToEnd);
