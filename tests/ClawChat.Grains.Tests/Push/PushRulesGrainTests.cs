using System.Text.Json;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Matrix.Errors;
using static ClawChat.Grains.Tests.Push.PushTestEvents;

namespace ClawChat.Grains.Tests.Push;

public sealed class PushRulesGrainTests : IAsyncLifetime
{
    private readonly PushTestSilo _silo = new(new Interfaces.Configuration.PushOptions { MaxRulesPerUser = 3 });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static PutPushRuleCommand Put(PushRuleKind kind, string ruleId, string? before = null, string? after = null, string actions = """["notify"]""", string? pattern = null, string? conditions = null) =>
        new(kind, ruleId, Json(actions), conditions is null ? null : Json(conditions), pattern, before, after);

    [Fact]
    public async Task NewRules_AreEnabled_AndMostImportantOfTheirKind_AfterMaster()
    {
        var user = PushTestSilo.NewUserId();
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(user);

        await rules.PutRuleAsync(Put(PushRuleKind.Override, "first", conditions: "[]"));
        await rules.PutRuleAsync(Put(PushRuleKind.Override, "second", conditions: "[]"));

        var ruleset = await rules.GetRulesAsync();
        Assert.Equal([".m.rule.master", "second", "first", ".m.rule.suppress_notices"], ruleset.Override.Take(4).Select(r => r.RuleId));
        Assert.All(ruleset.Override.Skip(1).Take(2), r => Assert.True(r.Enabled && !r.Default));
        Assert.Equal(2, ruleset.Version);
    }

    [Fact]
    public async Task BeforeAndAfter_PlaceTheRuleNextToAnotherUserRule()
    {
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(PushTestSilo.NewUserId());
        await rules.PutRuleAsync(Put(PushRuleKind.Content, "a", pattern: "a"));
        await rules.PutRuleAsync(Put(PushRuleKind.Content, "b", after: "a", pattern: "b"));
        await rules.PutRuleAsync(Put(PushRuleKind.Content, "c", before: "a", after: "b", pattern: "c"));

        Assert.Equal(["c", "a", "b"], (await rules.GetRulesAsync()).Content.Select(r => r.RuleId));

        await rules.PutRuleAsync(Put(PushRuleKind.Content, "c", after: "b", pattern: "c2"));

        var content = (await rules.GetRulesAsync()).Content;
        Assert.Equal(["a", "b", "c"], content.Select(r => r.RuleId));
        Assert.Equal("c2", content[2].Pattern);
    }

    [Fact]
    public async Task BeforeAnUnknownRule_IsA400_AndChangesNothing()
    {
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(PushTestSilo.NewUserId());

        var error = await Assert.ThrowsAsync<MatrixException>(() => rules.PutRuleAsync(Put(PushRuleKind.Room, "!r:push.test", before: "nope")));

        Assert.Equal((400, MatrixErrorCode.Unknown), (error.Status, error.ErrCode));
        Assert.Empty((await rules.GetRulesAsync()).Room);
    }

    [Theory]
    [InlineData(".m.rule.mine")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    public async Task ReservedOrMalformedRuleIds_AreRejected(string ruleId)
    {
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(PushTestSilo.NewUserId());

        var error = await Assert.ThrowsAsync<MatrixException>(() => rules.PutRuleAsync(Put(PushRuleKind.Override, ruleId)));

        Assert.Equal(MatrixErrorCode.InvalidParam, error.ErrCode);
    }

    [Theory]
    [InlineData("""["notify","org.example.unknown"]""")]
    [InlineData("""[{"value":"x"}]""")]
    [InlineData("""[1]""")]
    public async Task UnknownActions_AreRejected(string actions)
    {
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(PushTestSilo.NewUserId());

        var error = await Assert.ThrowsAsync<MatrixException>(() => rules.PutRuleAsync(Put(PushRuleKind.Sender, "@x:push.test", actions: actions)));

        Assert.Equal(MatrixErrorCode.InvalidParam, error.ErrCode);
    }

    [Fact]
    public async Task ContentRules_NeedAPattern()
    {
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(PushTestSilo.NewUserId());

        var error = await Assert.ThrowsAsync<MatrixException>(() => rules.PutRuleAsync(Put(PushRuleKind.Content, "nopattern")));

        Assert.Equal(MatrixErrorCode.MissingParam, error.ErrCode);
    }

    [Fact]
    public async Task DefaultRules_CanBeDisabledAndGetNewActions_ButNotDeleted()
    {
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(PushTestSilo.NewUserId());

        Assert.True(await rules.SetRuleEnabledAsync(PushRuleKind.Underride, ".m.rule.message", false));
        Assert.True(await rules.SetRuleActionsAsync(PushRuleKind.Override, ".m.rule.is_user_mention", Json("""["notify"]""")));
        var error = await Assert.ThrowsAsync<MatrixException>(() => rules.DeleteRuleAsync(PushRuleKind.Underride, ".m.rule.message"));

        Assert.Equal(MatrixErrorCode.InvalidParam, error.ErrCode);
        var message = await rules.GetRuleAsync(PushRuleKind.Underride, ".m.rule.message");
        Assert.False(message!.Enabled);
        Assert.True(message.Default);
        var mention = await rules.GetRuleAsync(PushRuleKind.Override, ".m.rule.is_user_mention");
        Assert.Equal("""["notify"]""", mention!.Actions.GetRawText());
        Assert.True(mention.Enabled);
    }

    [Fact]
    public async Task UnknownRules_AreReportedAsAbsent()
    {
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(PushTestSilo.NewUserId());

        Assert.Null(await rules.GetRuleAsync(PushRuleKind.Override, "nope"));
        Assert.Null(await rules.GetRuleAsync(PushRuleKind.Content, ".m.rule.master"));
        Assert.False(await rules.DeleteRuleAsync(PushRuleKind.Room, "nope"));
        Assert.False(await rules.SetRuleEnabledAsync(PushRuleKind.Room, "nope", true));
        Assert.False(await rules.SetRuleActionsAsync(PushRuleKind.Room, "nope", Json("[]")));
    }

    [Fact]
    public async Task UpdatingARule_KeepsItsEnabledFlag()
    {
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(PushTestSilo.NewUserId());
        await rules.PutRuleAsync(Put(PushRuleKind.Room, "!r:push.test"));
        await rules.SetRuleEnabledAsync(PushRuleKind.Room, "!r:push.test", false);

        await rules.PutRuleAsync(Put(PushRuleKind.Room, "!r:push.test", actions: "[]"));

        var rule = await rules.GetRuleAsync(PushRuleKind.Room, "!r:push.test");
        Assert.False(rule!.Enabled);
        Assert.Equal("[]", rule.Actions.GetRawText());
    }

    [Fact]
    public async Task TheNumberOfUserRules_IsBounded()
    {
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(PushTestSilo.NewUserId());
        for (var i = 0; i < 3; i++)
        {
            await rules.PutRuleAsync(Put(PushRuleKind.Sender, $"@s{i}:push.test"));
        }

        var error = await Assert.ThrowsAsync<MatrixException>(() => rules.PutRuleAsync(Put(PushRuleKind.Sender, "@s3:push.test")));
        await rules.PutRuleAsync(Put(PushRuleKind.Sender, "@s0:push.test", actions: "[]"));

        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Rules_SurviveARestart()
    {
        var user = PushTestSilo.NewUserId();
        await _silo.Factory.GetGrain<IPushRulesGrain>(user).PutRuleAsync(Put(PushRuleKind.Content, "kw", pattern: "keyword"));
        await _silo.Factory.GetGrain<IPushRulesGrain>(user).SetRuleEnabledAsync(PushRuleKind.Override, ".m.rule.master", true);

        await _silo.RestartAsync();

        var ruleset = await _silo.Factory.GetGrain<IPushRulesGrain>(user).GetRulesAsync();
        Assert.Equal("keyword", ruleset.Content.Single().Pattern);
        Assert.True(ruleset.Override[0].Enabled);
        Assert.Null(await _silo.Factory.GetGrain<IPushRulesGrain>(user).GetRulesIfChangedAsync(ruleset.Version));
    }

    [Fact]
    public async Task TheWireForm_HasEveryKind_AndOnlyTheFieldsOfEachKind()
    {
        var rules = _silo.Factory.GetGrain<IPushRulesGrain>(PushTestSilo.NewUserId());
        await rules.PutRuleAsync(Put(PushRuleKind.Content, "kw", pattern: "keyword"));
        await rules.PutRuleAsync(Put(PushRuleKind.Room, "!r:push.test", conditions: """[{"kind":"event_match","key":"type","pattern":"x"}]"""));

        var json = JsonSerializer.SerializeToElement(PushRulesetJson.ToAccountData(await rules.GetRulesAsync())).GetProperty("global");

        Assert.Equal(["override", "content", "room", "sender", "underride"], json.EnumerateObject().Select(p => p.Name));
        var content = json.GetProperty("content")[0];
        Assert.Equal("keyword", content.GetProperty("pattern").GetString());
        Assert.False(content.TryGetProperty("conditions", out _));
        var room = json.GetProperty("room")[0];
        Assert.False(room.TryGetProperty("conditions", out _));
        Assert.False(room.GetProperty("default").GetBoolean());
        Assert.Equal(JsonValueKind.Array, json.GetProperty("sender").ValueKind);
    }
}
