using System.Text.Json;
using ClawChat.Grains.Tests.Rooms;

namespace ClawChat.Grains.Tests.Bots;

/// <summary>Picking the bot's answers, edits and notices out of a timeline.</summary>
internal static class TimelineExtensions
{
    public const string Bot = BotsTestSilo.BotId;

    public static JsonElement Content(this JsonElement e) => e.GetProperty("content");

    public static JsonElement? Relation(this JsonElement e) =>
        e.Content().TryGetProperty("m.relates_to", out var r) && r.ValueKind == JsonValueKind.Object ? r : null;

    public static string? RelType(this JsonElement e) => e.Relation()?.Str("rel_type");

    public static string? InReplyTo(this JsonElement e) =>
        e.Relation() is { } r && r.TryGetProperty("m.in_reply_to", out var reply) ? reply.Str("event_id") : null;

    public static List<JsonElement> AnswersTo(this List<JsonElement> timeline, string promptId) =>
        [.. timeline.Where(e => e.Str("sender") == Bot && e.Content().Str("msgtype") == "m.text" && e.RelType() != "m.replace" && e.InReplyTo() == promptId)];

    public static List<JsonElement> EditsOf(this List<JsonElement> timeline, string eventId) =>
        [.. timeline.Where(e => e.Str("sender") == Bot && e.RelType() == "m.replace" && e.Relation()!.Value.Str("event_id") == eventId)];

    public static string? Shown(this List<JsonElement> timeline, JsonElement answer)
    {
        var edits = timeline.EditsOf(answer.Str("event_id")!);
        return edits.Count > 0 ? edits[^1].Content().GetProperty("m.new_content").Str("body") : answer.Content().Str("body");
    }

    public static List<string> Notices(this List<JsonElement> timeline) =>
        [.. timeline.Where(e => e.Str("sender") == Bot && e.Content().Str("msgtype") == "m.notice").Select(e => e.Content().Str("body")!)];

    /// <summary>The single answer to <paramref name="promptId"/> shows <paramref name="text"/>.</summary>
    public static bool Answered(this List<JsonElement> timeline, string promptId, string text) =>
        timeline.AnswersTo(promptId) is [var answer] && timeline.Shown(answer) == text;
}
