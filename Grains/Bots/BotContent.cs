using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClawChat.Grains.Bots;

/// <summary>The message contents a bot sends (DIGEST §3.6): answers as replies (<c>m.in_reply_to</c>) or, for a
/// question asked in a thread, as thread replies with the reply fallback; streaming updates as <c>m.replace</c>
/// edits whose <c>m.new_content</c> holds the whole text so far; notices as <c>m.notice</c>.</summary>
internal static class BotContent
{
    public static JsonElement Answer(string text, string replyTo, string? threadRoot, string? mention) =>
        Message(BotMessage.Text, text, replyTo, threadRoot, mention);

    public static JsonElement Notice(string text, string? replyTo, string? threadRoot) =>
        Message(BotMessage.Notice, text, replyTo, threadRoot, mention: null);

    /// <summary>An edit of <paramref name="answerEventId"/>. The top-level <c>m.mentions</c> is empty so that an edit
    /// never notifies anyone again.</summary>
    public static JsonElement Edit(string answerEventId, string text, string msgType = BotMessage.Text) => JsonSerializer.SerializeToElement(new JsonObject
    {
        ["msgtype"] = msgType,
        ["body"] = "* " + text,
        ["m.new_content"] = new JsonObject { ["msgtype"] = msgType, ["body"] = text },
        ["m.mentions"] = new JsonObject(),
        ["m.relates_to"] = new JsonObject { ["rel_type"] = BotMessage.Replace, ["event_id"] = answerEventId },
    });

    private static JsonElement Message(string msgType, string text, string? replyTo, string? threadRoot, string? mention)
    {
        var content = new JsonObject { ["msgtype"] = msgType, ["body"] = text };
        if (replyTo is not null)
        {
            var relation = new JsonObject();
            if (threadRoot is not null)
            {
                relation["rel_type"] = BotMessage.Thread;
                relation["event_id"] = threadRoot;
                relation["is_falling_back"] = true;
            }

            relation["m.in_reply_to"] = new JsonObject { ["event_id"] = replyTo };
            content["m.relates_to"] = relation;
        }

        content["m.mentions"] = mention is null ? new JsonObject() : new JsonObject { ["user_ids"] = new JsonArray(mention) };
        return JsonSerializer.SerializeToElement(content);
    }
}
