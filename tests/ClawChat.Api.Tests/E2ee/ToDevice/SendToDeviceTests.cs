using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Api.Tests.Sync;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.E2ee.ToDevice;

/// <summary><c>PUT /sendToDevice</c> and delivery in <c>/sync</c> over HTTP (DIGEST §13).</summary>
public sealed class SendToDeviceTests(SyncSiloFixture fixture) : IClassFixture<SyncSiloFixture>
{
    [Fact]
    public async Task Message_ReachesTheNamedDevice_WithSenderTypeAndContent()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bobLaptop = await bob.LoginAgainAsync();
        var phoneToken = (await bob.SyncAsync()).NextBatch();
        var laptopToken = (await bobLaptop.SyncAsync()).NextBatch();

        (await alice.SendToDeviceAsync("m.room_key_request", "txn1", new JsonObject
        {
            [bob.UserId] = new JsonObject { [bob.DeviceId] = new JsonObject { ["action"] = "request", ["request_id"] = "r1" } },
        })).AssertOk();
        var (_, responses) = await bob.SyncUntilAsync(phoneToken, rs => rs.Any(r => r.ToDevice().Count > 0), "the to-device message on bob's phone");
        var laptop = await bobLaptop.SyncAsync(laptopToken);

        var message = Assert.Single(responses.SelectMany(r => r.ToDevice()));
        Assert.Equal(alice.UserId, message.Str("sender"));
        Assert.Equal("m.room_key_request", message.Str("type"));
        Assert.Equal("request", message.GetProperty("content").Str("action"));
        Assert.Equal("r1", message.GetProperty("content").Str("request_id"));
        Assert.Empty(laptop.ToDevice());
    }

    [Fact]
    public async Task Star_ReachesEveryDeviceOfTheUser()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bobLaptop = await bob.LoginAgainAsync();
        var aliceToken = (await alice.SyncAsync()).NextBatch();

        (await alice.SendToDeviceAsync("org.example.n", "txn-star", new JsonObject
        {
            [bob.UserId] = new JsonObject { ["*"] = new JsonObject { ["n"] = 42 } },
        })).AssertOk();

        Assert.Equal([42], (await bob.SyncAsync()).Numbers());
        Assert.Equal([42], (await bobLaptop.SyncAsync()).Numbers());
        Assert.Empty((await alice.SyncAsync(aliceToken)).Numbers());
    }

    [Fact]
    public async Task RetriedTransaction_IsDeliveredOnce()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);

        await alice.SendNumberAsync(bob.UserId, bob.DeviceId, 1, txnId: "same");
        await alice.SendNumberAsync(bob.UserId, bob.DeviceId, 1, txnId: "same");
        await alice.SendNumberAsync(bob.UserId, bob.DeviceId, 2, txnId: "other");

        Assert.Equal([1, 2], (await bob.SyncAsync()).Numbers());
    }

    [Fact]
    public async Task SameTransactionIdFromAnotherDevice_IsANewMessage()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var aliceLaptop = await alice.LoginAgainAsync();
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);

        await alice.SendNumberAsync(bob.UserId, bob.DeviceId, 1, txnId: "same");
        await aliceLaptop.SendNumberAsync(bob.UserId, bob.DeviceId, 2, txnId: "same");

        Assert.Equal([1, 2], (await bob.SyncAsync()).Numbers());
    }

    [Fact]
    public async Task AResponse_CarriesAtMost100_AndTheRestComeNext()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        for (var i = 1; i <= 120; i++)
        {
            await alice.SendNumberAsync(bob.UserId, bob.DeviceId, i);
        }

        var first = await bob.SyncAsync();
        var second = await bob.SyncAsync(first.NextBatch());
        var third = await bob.SyncAsync(second.NextBatch());

        Assert.Equal(Enumerable.Range(1, 100), first.Numbers());
        Assert.Equal(Enumerable.Range(101, 20), second.Numbers());
        Assert.Empty(third.Numbers());
    }

    [Fact]
    public async Task RetriedSyncWithTheOldToken_GetsTheSameMessages_AndTheNextTokenAcknowledgesThem()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var token = (await bob.SyncAsync()).NextBatch();
        await alice.SendNumberAsync(bob.UserId, bob.DeviceId, 1);
        await alice.SendNumberAsync(bob.UserId, bob.DeviceId, 2);

        var first = await bob.SyncAsync(token);
        var retried = await bob.SyncAsync(token);
        var acknowledged = await bob.SyncAsync(first.NextBatch());
        var staleRetry = await bob.SyncAsync(token);

        Assert.Equal([1, 2], first.Numbers());
        Assert.Equal([1, 2], retried.Numbers());
        Assert.Empty(acknowledged.Numbers());
        Assert.Empty(staleRetry.Numbers());
    }

    [Fact]
    public async Task LongPoll_WakesOnAToDeviceMessage()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var token = (await bob.SyncAsync()).NextBatch();

        var waiting = bob.SyncAsync(token, timeoutMs: 30_000);
        Assert.False(waiting.Wait(TimeSpan.FromMilliseconds(300)), "the long-poll returned before anything happened");
        var clock = Stopwatch.StartNew();
        await alice.SendNumberAsync(bob.UserId, bob.DeviceId, 5);
        var response = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([5], response.Numbers());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"woke {clock.Elapsed.TotalMilliseconds:F0} ms after the message");
    }

    [Fact]
    public async Task Logout_DropsTheDevicesQueue()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var laptop = await bob.LoginAgainAsync();
        await alice.SendNumberAsync(bob.UserId, laptop.DeviceId, 1);

        (await laptop.PostAsync($"{RoomApi.V3}/logout")).AssertOk();
        var again = await bob.LoginAgainAsync(laptop.DeviceId);

        Assert.Equal(laptop.DeviceId, again.DeviceId);
        Assert.Empty((await again.SyncAsync()).Numbers());
    }

    [Fact]
    public async Task DeletingADevice_DropsItsQueue()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var laptop = await bob.LoginAgainAsync();
        await alice.SendNumberAsync(bob.UserId, laptop.DeviceId, 1);

        var path = $"{RoomApi.V3}/devices/{MatrixTestClient.Escape(laptop.DeviceId)}";
        var challenge = await bob.DeleteAsync(path, new JsonObject());
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        (await bob.DeleteAsync(path, new JsonObject { ["auth"] = bob.PasswordAuth(challenge.GetString("session")) })).AssertOk();
        var again = await bob.LoginAgainAsync(laptop.DeviceId);

        Assert.Empty((await again.SyncAsync()).Numbers());
    }

    [Fact]
    public async Task UnknownUsersDevicesAndRemoteUsers_AreIgnored()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var server = bob.UserId[(bob.UserId.IndexOf(':') + 1)..];

        (await alice.SendToDeviceAsync("org.example.n", "txn", new JsonObject
        {
            [$"@nobody-{Guid.NewGuid():N}:{server}"] = new JsonObject { ["X"] = new JsonObject { ["n"] = 1 } },
            ["@someone:elsewhere.example"] = new JsonObject { ["Y"] = new JsonObject { ["n"] = 2 } },
            [bob.UserId] = new JsonObject { ["NOSUCHDEVICE"] = new JsonObject { ["n"] = 3 }, [bob.DeviceId] = new JsonObject { ["n"] = 4 } },
        })).AssertOk();

        Assert.Equal([4], (await bob.SyncAsync()).Numbers());
    }

    [Theory]
    [InlineData("""{}""", "M_BAD_JSON")]
    [InlineData("""{"messages":[]}""", "M_BAD_JSON")]
    [InlineData("""{"messages":{"@a:b":[]}}""", "M_BAD_JSON")]
    [InlineData("""{"messages":{"@a:b":{"DEV":"text"}}}""", "M_BAD_JSON")]
    [InlineData("""{"messages":{"not-a-user":{"DEV":{}}}}""", "M_BAD_JSON")]
    [InlineData("""{"messages":""", "M_NOT_JSON")]
    public async Task MalformedBody_IsRejected(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{RoomApi.V3}/sendToDevice/org.example.n/{Guid.NewGuid():N}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", alice.AccessToken);

        (await alice.SendRawAsync(request)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task OversizedContent_IsTooLarge()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = await alice.SendToDeviceAsync("org.example.n", "big", new JsonObject
        {
            [bob.UserId] = new JsonObject { [bob.DeviceId] = new JsonObject { ["blob"] = new string('x', 70_000) } },
        });

        response.AssertError(HttpStatusCode.RequestEntityTooLarge, "M_TOO_LARGE");
    }
}
