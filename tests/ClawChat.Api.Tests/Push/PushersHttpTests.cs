using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Push;

/// <summary><c>GET /pushers</c> and <c>POST /pushers/set</c> (spec pusher.yaml).</summary>
public sealed class PushersHttpTests(PushSiloFixture fixture) : IClassFixture<PushSiloFixture>
{
    private const string Url = "https://push.example.org/_matrix/push/v1/notify";

    [Fact]
    public async Task SetPusher_ThenList_ReturnsTheSpecShape()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var body = PushApi.HttpPusher(Url, "key-1", extraData: new JsonObject { ["format"] = "event_id_only" });
        body["profile_tag"] = "xyz";

        await alice.SetPusherAsync(body);

        var pusher = Assert.Single(await alice.PushersAsync());
        Assert.Equal(
            $$"""{"pushkey":"key-1","kind":"http","app_id":"org.example.app","app_display_name":"Example","device_display_name":"Phone","lang":"en","data":{"format":"event_id_only","url":"{{Url}}"},"profile_tag":"xyz"}""",
            pusher.GetRawText());
    }

    [Fact]
    public async Task SetPusher_WithKindNull_DeletesIt()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        await alice.SetPusherAsync(PushApi.HttpPusher(Url, "key-1"));
        await alice.SetPusherAsync(PushApi.HttpPusher(Url, "key-2"));

        await alice.SetPusherAsync(new JsonObject { ["kind"] = null, ["app_id"] = "org.example.app", ["pushkey"] = "key-1" });

        Assert.Equal("key-2", Assert.Single(await alice.PushersAsync()).GetProperty("pushkey").GetString());
    }

    [Fact]
    public async Task SetPusher_WithoutAppend_TakesThePushkeyFromOtherUsers()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var pushkey = Guid.NewGuid().ToString("N");
        await alice.SetPusherAsync(PushApi.HttpPusher(Url, pushkey));

        await bob.SetPusherAsync(PushApi.HttpPusher(Url, pushkey));

        var deadline = Environment.TickCount64 + 10_000;
        while ((await alice.PushersAsync()).Count > 0)
        {
            Assert.True(Environment.TickCount64 < deadline, "Timed out waiting for alice's pusher to be removed after bob took its pushkey.");
            await Task.Delay(20);
        }

        Assert.Single(await bob.PushersAsync());
    }

    [Theory]
    [InlineData("""{"kind":"http","app_id":"a","pushkey":"k","app_display_name":"A","device_display_name":"D","lang":"en","data":{}}""", "M_MISSING_PARAM")]
    [InlineData("""{"kind":"http","app_id":"a","pushkey":"k","app_display_name":"A","device_display_name":"D","data":{"url":"https://p.example/_matrix/push/v1/notify"}}""", "M_MISSING_PARAM")]
    [InlineData("""{"kind":"http","app_id":"a","pushkey":"k","app_display_name":"A","device_display_name":"D","lang":"en","data":{"url":"https://p.example/push"}}""", "M_INVALID_PARAM")]
    [InlineData("""{"kind":"email","app_id":"m.email","pushkey":"a@example.org","app_display_name":"A","device_display_name":"D","lang":"en","data":{}}""", "M_INVALID_PARAM")]
    [InlineData("""{"app_id":"a","pushkey":"k"}""", "M_MISSING_PARAM")]
    [InlineData("""{"kind":"http","pushkey":"k"}""", "M_MISSING_PARAM")]
    [InlineData("""{"kind":"http","app_id":"a","pushkey":"k","app_display_name":"A","device_display_name":"D","lang":"en","data":"x"}""", "M_BAD_JSON")]
    public async Task SetPusher_WithBadInput_IsA400(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync($"{PushApi.V3}/pushers/set", body)).AssertError(HttpStatusCode.BadRequest, errcode);
        Assert.Empty(await alice.PushersAsync());
    }

    [Fact]
    public async Task Pushers_NeedAnAccessToken()
    {
        (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync($"{PushApi.V3}/pushers")).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }
}
