using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Push;
using ClawChat.Grains.Push.Evaluation;
using ClawChat.Matrix.Auth;

namespace ClawChat.Grains.Tests.Push;

/// <summary>Events and evaluation shortcuts for push rule tests. The recipient is <see cref="Me"/>.</summary>
internal static class PushTestEvents
{
    public const string Me = "@me:push.test";
    public const string Other = "@other:push.test";
    public const string Room = "!room:push.test";

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static JsonElement Event(string type, object? content, string sender = Other, string? stateKey = null, string eventId = "$e")
    {
        var json = new JsonObject
        {
            ["type"] = type,
            ["sender"] = sender,
            ["event_id"] = eventId,
            ["room_id"] = Room,
            ["origin_server_ts"] = 1,
            ["content"] = content is null ? new JsonObject() : JsonSerializer.SerializeToNode(content),
        };
        if (stateKey is not null)
        {
            json["state_key"] = stateKey;
        }

        return JsonSerializer.SerializeToElement(json);
    }

    public static JsonElement Text(string body, string sender = Other, string msgtype = "m.text") =>
        Event("m.room.message", new { msgtype, body }, sender);

    public static JsonElement Mentioning(string body, string[]? userIds = null, bool room = false, string sender = Other)
    {
        var mentions = new JsonObject();
        if (userIds is not null)
        {
            mentions["user_ids"] = new JsonArray([.. userIds.Select(u => (JsonNode?)u)]);
        }

        if (room)
        {
            mentions["room"] = true;
        }

        return Event("m.room.message", new JsonObject { ["msgtype"] = "m.text", ["body"] = body, ["m.mentions"] = mentions }, sender);
    }

    public static PushRuleset Defaults() => DefaultPushRules.For(Me);

    /// <summary>The defaults with <paramref name="change"/> applied (e.g. user rules added).</summary>
    public static PushRuleset With(Func<PushRuleset, PushRuleset> change) => change(Defaults());

    public static PushRule UserRule(string ruleId, string actionsJson, string? conditionsJson = null, string? pattern = null, bool enabled = true) =>
        new(ruleId, false, enabled, Json(actionsJson), conditionsJson is null ? null : Json(conditionsJson), pattern);

    public static PowerLevels Levels(long senderLevel = 0, long? roomNotification = null, string sender = Other)
    {
        var content = new JsonObject { ["users"] = new JsonObject { [sender] = senderLevel } };
        if (roomNotification is { } level)
        {
            content["notifications"] = new JsonObject { ["room"] = level };
        }

        return PowerLevels.FromContent(JsonSerializer.SerializeToElement(content), Matrix.Events.RoomVersion.Default);
    }

    public static PushEvaluation Evaluate(JsonElement roomEvent, PushRuleset? rules = null, int members = 5, string? displayName = "Me Myself", PowerLevels? levels = null, bool levelsKnown = true) =>
        PushRuleEvaluator.Evaluate(CompiledPushRules.Compile(rules ?? Defaults()), new PushEventContext
        {
            UserId = Me,
            RoomId = Room,
            Event = roomEvent,
            UserDisplayName = displayName,
            MemberCount = members,
            PowerLevelsKnown = levelsKnown,
            PowerLevels = levels,
        });

    /// <summary>Whether a single condition (as JSON) matches the event, tested as the only condition of an override rule.</summary>
    public static bool ConditionMatches(string conditionJson, JsonElement roomEvent, int members = 5, string? displayName = "Me Myself", PowerLevels? levels = null)
    {
        var rules = new PushRuleset(1, [UserRule("probe", """["notify"]""", $"[{conditionJson}]")], [], [], [], []);
        return Evaluate(roomEvent, rules, members, displayName, levels).RuleId == "probe";
    }
}
