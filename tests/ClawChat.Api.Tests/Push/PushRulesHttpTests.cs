using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Push;

/// <summary>Push rules CRUD over HTTP with the spec's response shapes (pushrules.yaml).</summary>
public sealed class PushRulesHttpTests(PushSiloFixture fixture) : IClassFixture<PushSiloFixture>
{
    private const string V3 = PushApi.V3;

    [Theory]
    [InlineData("/_matrix/client/v3/pushrules/")]
    [InlineData("/_matrix/client/v3/pushrules")]
    public async Task GetPushRules_ReturnsTheDefaults_WithTheUserIdFilledIn(string path)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var global = (await alice.GetAsync(path)).AssertOk()["global"];

        Assert.Equal(["override", "content", "room", "sender", "underride"], global.EnumerateObject().Select(p => p.Name));
        var master = global.GetProperty("override")[0];
        Assert.Equal(".m.rule.master", master.GetProperty("rule_id").GetString());
        Assert.True(master.GetProperty("default").GetBoolean());
        Assert.False(master.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Array, master.GetProperty("actions").ValueKind);
        var mention = global.GetProperty("override").EnumerateArray().Single(r => r.GetProperty("rule_id").GetString() == ".m.rule.is_user_mention");
        Assert.Equal(alice.UserId, mention.GetProperty("conditions")[0].GetProperty("value").GetString());
        var invite = global.GetProperty("override").EnumerateArray().Single(r => r.GetProperty("rule_id").GetString() == ".m.rule.invite_for_me");
        Assert.Equal(alice.UserId, invite.GetProperty("conditions")[2].GetProperty("pattern").GetString());
        Assert.Equal(".m.rule.message", global.GetProperty("underride")[3].GetProperty("rule_id").GetString());
    }

    [Theory]
    [InlineData("/_matrix/client/v3/pushrules/global/")]
    [InlineData("/_matrix/client/v3/pushrules/global")]
    public async Task GetGlobal_ReturnsTheRulesetItself(string path)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var ruleset = (await alice.GetAsync(path)).AssertOk().Body;

        Assert.Equal(5, ruleset.GetProperty("underride").GetArrayLength());
    }

    [Fact]
    public async Task PutContentRule_ThenGet_ReturnsTheSpecShape()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(PushApi.Rule("content", "nocake"), new { pattern = "cake*lie", actions = new[] { "notify" } })).AssertOk();

        var rule = (await alice.GetAsync(PushApi.Rule("content", "nocake"))).AssertOk().Body;
        Assert.Equal("""{"rule_id":"nocake","default":false,"enabled":true,"actions":["notify"],"pattern":"cake*lie"}""", rule.GetRawText());
        var content = (await alice.GetAsync($"{V3}/pushrules/")).AssertOk()["global"].GetProperty("content");
        Assert.Equal("nocake", content[0].GetProperty("rule_id").GetString());
    }

    [Fact]
    public async Task PutOverrideRule_WithBeforeAndAfter_OrdersTheUserRules()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var conditions = new JsonArray(new JsonObject { ["kind"] = "event_match", ["key"] = "type", ["pattern"] = "org.example.*" });
        async Task PutAsync(string id, string query = "") =>
            (await alice.PutAsync(PushApi.Rule("override", id) + query, new JsonObject { ["actions"] = new JsonArray(), ["conditions"] = conditions.DeepClone() })).AssertOk();

        await PutAsync("a");
        await PutAsync("b", "?after=a");
        await PutAsync("c", "?before=a");

        var ids = (await alice.GetAsync($"{V3}/pushrules/global/override")).AssertOk().Body.EnumerateArray().Select(r => r.GetProperty("rule_id").GetString()).ToList();
        Assert.Equal([".m.rule.master", "c", "a", "b", ".m.rule.suppress_notices"], ids.Take(5));
        var stored = (await alice.GetAsync(PushApi.Rule("override", "a"))).AssertOk().Body;
        Assert.Equal("org.example.*", stored.GetProperty("conditions")[0].GetProperty("pattern").GetString());
    }

    [Fact]
    public async Task PutRule_BeforeAnUnknownRule_IsA400()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(PushApi.Rule("room", "!r:localhost") + "?before=nope", new { actions = Array.Empty<string>() }))
            .AssertError(HttpStatusCode.BadRequest, "M_UNKNOWN");
    }

    [Theory]
    [InlineData("override", ".m.rule.mine", """{"actions":[]}""", "M_INVALID_PARAM")]
    [InlineData("nonsense", "x", """{"actions":[]}""", "M_INVALID_PARAM")]
    [InlineData("content", "x", """{"actions":["notify"]}""", "M_MISSING_PARAM")]
    [InlineData("room", "x", """{}""", "M_MISSING_PARAM")]
    [InlineData("room", "x", """{"actions":"notify"}""", "M_BAD_JSON")]
    [InlineData("room", "x", """{"actions":["explode"]}""", "M_INVALID_PARAM")]
    [InlineData("override", "x", """{"actions":[],"conditions":[{"key":"type"}]}""", "M_INVALID_PARAM")]
    [InlineData("room", "x", """{"actions":""", "M_NOT_JSON")]
    public async Task PutRule_WithBadInput_IsA400(string kind, string ruleId, string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(PushApi.Rule(kind, ruleId), body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task DeleteRule_RemovesIt_AndUnknownRulesAre404()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        (await alice.PutAsync(PushApi.Rule("sender", "@spam:localhost"), new { actions = Array.Empty<string>() })).AssertOk();

        (await alice.DeleteAsync(PushApi.Rule("sender", "@spam:localhost"))).AssertOk();

        (await alice.DeleteAsync(PushApi.Rule("sender", "@spam:localhost"))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync(PushApi.Rule("sender", "@spam:localhost"))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync(PushApi.Rule("sender", "@spam:localhost") + "/enabled")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.PutAsync(PushApi.Rule("sender", "@spam:localhost") + "/actions", new { actions = Array.Empty<string>() })).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task DefaultRules_CannotBeDeleted()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.DeleteAsync(PushApi.Rule("override", ".m.rule.master"))).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await alice.PutAsync(PushApi.Rule("override", ".m.rule.master"), new { actions = Array.Empty<string>() })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task EnabledAndActions_OfADefaultRule_CanBeReadAndChanged()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var message = PushApi.Rule("underride", ".m.rule.message");

        Assert.True((await alice.GetAsync(message + "/enabled")).AssertOk()["enabled"].GetBoolean());
        Assert.Equal("""["notify"]""", (await alice.GetAsync(message + "/actions")).AssertOk()["actions"].GetRawText());
        (await alice.PutAsync(message + "/enabled", new { enabled = false })).AssertOk();
        (await alice.PutAsync(message + "/actions", JsonNode.Parse("""{"actions":["notify",{"set_tweak":"sound","value":"bing"}]}"""))).AssertOk();

        Assert.False((await alice.GetAsync(message + "/enabled")).AssertOk()["enabled"].GetBoolean());
        Assert.Equal("""["notify",{"set_tweak":"sound","value":"bing"}]""", (await alice.GetAsync(message + "/actions")).AssertOk()["actions"].GetRawText());
        var rule = (await alice.GetAsync(message)).AssertOk().Body;
        Assert.True(rule.GetProperty("default").GetBoolean());
        Assert.False(rule.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task SetEnabled_WithoutAValue_IsMissingParam()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(PushApi.Rule("underride", ".m.rule.message") + "/enabled", new { })).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
        (await alice.PutAsync(PushApi.Rule("underride", ".m.rule.message") + "/enabled", new { enabled = "no" })).AssertError(HttpStatusCode.BadRequest, "M_BAD_JSON");
    }

    [Fact]
    public async Task PushRules_NeedAnAccessToken()
    {
        (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync($"{V3}/pushrules/")).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }

    [Fact]
    public async Task RulesOfOneUser_AreInvisibleToAnother()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(PushApi.Rule("room", "!quiet:localhost"), new { actions = Array.Empty<string>() })).AssertOk();

        (await bob.GetAsync(PushApi.Rule("room", "!quiet:localhost"))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }
}
