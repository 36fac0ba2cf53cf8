using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Push rules (DIGEST §15; spec pushrules.yaml), stored by <see cref="IPushRulesGrain"/>. Only the
/// <c>global</c> scope exists. Routing matches with or without a trailing slash, so <c>/pushrules/</c> and
/// <c>/pushrules</c> both work (Element Web cannot start without the former; DIGEST §11).</summary>
public static class PushRulesEndpoints
{
    private const string Global = "/_matrix/client/v3/pushrules/global";

    public static IEndpointRouteBuilder MapPushRulesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/pushrules/
        endpoints.MapGet("/_matrix/client/v3/pushrules/", async (HttpContext context, IGrainFactory grains) =>
            MatrixResults.Json(PushRulesetJson.ToAccountData(await Rules(grains, context).GetRulesAsync()))).RequireAccessToken();

        /// GET /_matrix/client/v3/pushrules/global/
        endpoints.MapGet(Global + "/", async (HttpContext context, IGrainFactory grains) =>
            MatrixResults.Json(PushRulesetJson.ToRuleset(await Rules(grains, context).GetRulesAsync()))).RequireAccessToken();

        // Not in the spec since r0 but still served by Synapse: the rules of one kind, as an array.
        /// GET /_matrix/client/v3/pushrules/global/{kind}/
        endpoints.MapGet(Global + "/{kind}/", async (HttpContext context, IGrainFactory grains, string kind) =>
            MatrixResults.Json(PushRulesetJson.ToArray((await Rules(grains, context).GetRulesAsync()).Get(ParseKind(kind))))).RequireAccessToken();

        /// GET /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
        endpoints.MapGet(Global + "/{kind}/{ruleId}", async (HttpContext context, IGrainFactory grains, string kind, string ruleId) =>
            MatrixResults.Json(PushRulesetJson.ToJson(await GetRuleAsync(grains, context, kind, ruleId)))).RequireAccessToken();

        /// PUT /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
        endpoints.MapPut(Global + "/{kind}/{ruleId}", async (HttpContext context, IGrainFactory grains, string kind, string ruleId) =>
        {
            var parsedKind = ParseKind(kind);
            var body = await JsonBody.ReadObjectAsync(context);
            var conditions = body.GetOptionalArray("conditions");
            var command = new PutPushRuleCommand(
                parsedKind,
                ruleId,
                ReadActions(body),
                conditions is null ? null : JsonSerializer.SerializeToElement(conditions),
                body.GetOptionalString("pattern"),
                QueryValue(context, "before"),
                QueryValue(context, "after"));
            await Rules(grains, context).PutRuleAsync(command);
            return MatrixResults.Empty;
        }).RequireAccessToken();

        /// DELETE /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
        endpoints.MapDelete(Global + "/{kind}/{ruleId}", async (HttpContext context, IGrainFactory grains, string kind, string ruleId) =>
            await Rules(grains, context).DeleteRuleAsync(ParseKind(kind), ruleId) ? MatrixResults.Empty : throw RuleNotFound()).RequireAccessToken();

        /// GET /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled
        endpoints.MapGet(Global + "/{kind}/{ruleId}/enabled", async (HttpContext context, IGrainFactory grains, string kind, string ruleId) =>
            MatrixResults.Json(new JsonObject { ["enabled"] = (await GetRuleAsync(grains, context, kind, ruleId)).Enabled })).RequireAccessToken();

        /// PUT /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled
        endpoints.MapPut(Global + "/{kind}/{ruleId}/enabled", async (HttpContext context, IGrainFactory grains, string kind, string ruleId) =>
        {
            var parsedKind = ParseKind(kind);
            var body = await JsonBody.ReadObjectAsync(context);
            var enabled = body.GetOptionalBool("enabled") ?? throw MatrixException.MissingParam("'enabled' is required.");
            return await Rules(grains, context).SetRuleEnabledAsync(parsedKind, ruleId, enabled) ? MatrixResults.Empty : throw RuleNotFound();
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/actions
        endpoints.MapGet(Global + "/{kind}/{ruleId}/actions", async (HttpContext context, IGrainFactory grains, string kind, string ruleId) =>
            MatrixResults.Json(new JsonObject { ["actions"] = JsonNode.Parse((await GetRuleAsync(grains, context, kind, ruleId)).Actions.GetRawText()) })).RequireAccessToken();

        /// PUT /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/actions
        endpoints.MapPut(Global + "/{kind}/{ruleId}/actions", async (HttpContext context, IGrainFactory grains, string kind, string ruleId) =>
        {
            var parsedKind = ParseKind(kind);
            var body = await JsonBody.ReadObjectAsync(context);
            return await Rules(grains, context).SetRuleActionsAsync(parsedKind, ruleId, ReadActions(body)) ? MatrixResults.Empty : throw RuleNotFound();
        }).RequireAccessToken();

        return endpoints;
    }

    private static IPushRulesGrain Rules(IGrainFactory grains, HttpContext context) =>
        grains.GetGrain<IPushRulesGrain>(context.GetRequester().UserId.Value);

    private static async Task<PushRule> GetRuleAsync(IGrainFactory grains, HttpContext context, string kind, string ruleId) =>
        await Rules(grains, context).GetRuleAsync(ParseKind(kind), ruleId) ?? throw RuleNotFound();

    private static PushRuleKind ParseKind(string kind) =>
        PushRuleKinds.TryParse(kind, out var parsed)
            ? parsed.Value
            : throw MatrixException.InvalidParam($"Unknown push rule kind '{kind}': expected override, content, room, sender or underride.");

    private static JsonElement ReadActions(JsonObject body) =>
        JsonSerializer.SerializeToElement(body.GetOptionalArray("actions") ?? throw MatrixException.MissingParam("'actions' is required."));

    private static string? QueryValue(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) && value.ToString() is { Length: > 0 } text ? text : null;

    private static MatrixException RuleNotFound() => MatrixException.NotFound("The push rule was not found.");
}
