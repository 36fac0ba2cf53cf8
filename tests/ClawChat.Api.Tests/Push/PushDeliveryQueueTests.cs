using System.Text.Json;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Push.Delivery;
using ClawChat.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Api.Tests.Push;

/// <summary>The delivery service on its own against the loopback gateway: the bounded per-user queue and the
/// address policy for pusher URLs.</summary>
public sealed class PushDeliveryQueueTests(PushSiloFixture fixture) : IClassFixture<PushSiloFixture>, IAsyncLifetime
{
    private TestPushGateway? _gateway;

    private TestPushGateway Gateway => _gateway!;

    public async Task InitializeAsync() => _gateway = await TestPushGateway.StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();

    private PushDeliveryService Service(PushOptions options) =>
        new(options, fixture.Silo.App.Services.GetRequiredService<IGrainFactory>(), TimeProvider.System, NullLogger<PushDeliveryService>.Instance);

    private PushDeliveryJob Job(string userId, string eventId)
    {
        var data = JsonSerializer.SerializeToElement(new { url = Gateway.NotifyUrl, format = "event_id_only" });
        var pusher = new Pusher("pk", "http", "org.example.app", "App", "Phone", null, "en", data, 1, "DEV");
        var notice = new PushNotice("!room:localhost", eventId, null, new Dictionary<string, JsonElement>(), "high", 1);
        return new PushDeliveryJob(userId, notice, [pusher]);
    }

    [Fact]
    public async Task FullQueue_DropsTheOldestWaitingNotification()
    {
        await using var service = Service(new PushOptions { MaxQueuedPerUser = 2, AllowedNetworks = ["127.0.0.0/8"] });
        var user = "@queue-" + Guid.NewGuid().ToString("N") + ":localhost";
        Gateway.Hold();
        service.Enqueue(Job(user, "$1"));
        await Gateway.WaitForAsync(r => r.EventId == "$1", "the first notification (held)");

        service.Enqueue(Job(user, "$2"));
        service.Enqueue(Job(user, "$3"));
        service.Enqueue(Job(user, "$4"));
        Gateway.Release();

        await Gateway.WaitForAsync(r => r.EventId == "$4", "the newest notification");
        var deadline = Environment.TickCount64 + 10_000;
        while (service.ActiveQueues > 0)
        {
            Assert.True(Environment.TickCount64 < deadline, "Timed out waiting for the user's queue to drain.");
            await Task.Delay(10);
        }

        Assert.Equal(["$1", "$3", "$4"], Gateway.Requests.Select(r => r.EventId));
    }

    [Fact]
    public async Task LoopbackGateways_AreRefused_UnlessAllowed()
    {
        await using var service = Service(new PushOptions());
        var user = "@blocked-" + Guid.NewGuid().ToString("N") + ":localhost";

        service.Enqueue(Job(user, "$blocked"));

        var deadline = Environment.TickCount64 + 10_000;
        while (service.ActiveQueues > 0)
        {
            Assert.True(Environment.TickCount64 < deadline, "Timed out waiting for the refused delivery to finish.");
            await Task.Delay(10);
        }

        Assert.Empty(Gateway.Requests);
    }
}
