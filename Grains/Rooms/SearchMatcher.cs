using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// Matches an event against search terms (spec search.yaml <c>room_events</c>): each key names one content field of
/// one event type (<c>content.body</c> of messages, <c>content.name</c> of room names, <c>content.topic</c> of
/// topics). An event matches when every term is a prefix of some word of one of those fields (case-insensitive,
/// words as <see cref="SearchTerms"/> splits them); its rank is the share of the field's words that match a term.
/// </summary>
internal static class SearchMatcher
{
    public const string BodyKey = "content.body";
    public const string NameKey = "content.name";
    public const string TopicKey = "content.topic";

    public static IReadOnlyList<string> AllKeys { get; } = [BodyKey, NameKey, TopicKey];

    /// <summary>The event's rank, or null when it does not match.</summary>
    public static double? Rank(Pdu pdu, IReadOnlyList<string> keys, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0 || pdu.Content.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        double? best = null;
        foreach (var key in keys)
        {
            var field = (key, pdu.Type) switch
            {
                (BodyKey, EventTypes.Message) => "body",
                (NameKey, EventTypes.Name) => "name",
                (TopicKey, EventTypes.Topic) => "topic",
                _ => null,
            };
            if (field is null || !pdu.Content.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var words = SearchTerms.Tokenize(value.GetString());
            if (words.Count == 0 || !terms.All(term => words.Exists(word => word.StartsWith(term, StringComparison.Ordinal))))
            {
                continue;
            }

            var matching = words.Count(word => terms.Any(term => word.StartsWith(term, StringComparison.Ordinal)));
            var rank = (double)matching / words.Count;
            best = best is { } previous ? Math.Max(previous, rank) : rank;
        }

        return best;
    }
}
