using System.Text.Json;

namespace ClawChat.Grains.Bots;

/// <summary>The parts of an <c>m.room.message</c> content a bot looks at (DIGEST §3.6 relations, m.mentions).</summary>
internal sealed record BotMessage(
    string? MsgType,
    string? Body,
    string? RelType,
    string? RelEventId,
    string? InReplyTo,
    IReadOnlyList<string> MentionedUserIds,
    string? NewBody,
    string? NewMsgType)
{
    public const string Text = "m.text";
    public const string Notice = "m.notice";
    public const string Thread = "m.thread";
    public const string Replace = "m.replace";

    /// <summary>The thread this message belongs to (its root), or null.</summary>
    public string? ThreadRoot => RelType == Thread ? RelEventId : null;

    public static BotMessage Parse(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Object)
        {
            return new BotMessage(null, null, null, null, null, [], null, null);
        }

        string? relType = null, relEventId = null, inReplyTo = null;
        if (content.TryGetProperty("m.relates_to", out var relates) && relates.ValueKind == JsonValueKind.Object)
        {
            relType = String(relates, "rel_type");
            relEventId = String(relates, "event_id");
            if (relates.TryGetProperty("m.in_reply_to", out var reply) && reply.ValueKind == JsonValueKind.Object)
            {
                inReplyTo = String(reply, "event_id");
            }
        }

        var mentions = new List<string>();
        if (content.TryGetProperty("m.mentions", out var m) && m.ValueKind == JsonValueKind.Object
            && m.TryGetProperty("user_ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            foreach (var id in ids.EnumerateArray())
            {
                if (id.ValueKind == JsonValueKind.String)
                {
                    mentions.Add(id.GetString()!);
                }
            }
        }

        string? newBody = null, newMsgType = null;
        if (content.TryGetProperty("m.new_content", out var newContent) && newContent.ValueKind == JsonValueKind.Object)
        {
            newBody = String(newContent, "body");
            newMsgType = String(newContent, "msgtype");
        }

        return new BotMessage(String(content, "msgtype"), String(content, "body"), relType, relEventId, inReplyTo, mentions, newBody, newMsgType);
    }

    /// <summary>Whether <paramref name="body"/> is a <c>!bot</c> command.</summary>
    public static bool IsCommand(string body) =>
        body.StartsWith("!bot", StringComparison.OrdinalIgnoreCase) && (body.Length == 4 || char.IsWhiteSpace(body[4]));

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
