using System.Diagnostics;
using ClawChat.Runtime.Cluster.Transport;
using ClawChat.Runtime.Cluster.Transport.InMemory;
using static ClawChat.Runtime.Cluster.Tests.Transport.TransportTestMessages;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

/// <summary>The shared behaviours over the in-memory network, plus its fault injection.</summary>
public sealed class InMemorySiloTransportTests : SiloTransportBehaviourTests
{
    private static int s_nextPort = 20_000;

    private readonly InMemoryNetwork _network = new();

    [Fact]
    public async Task Partition_StallsCallsUntilTheirDeadline_AndHealLetsTrafficFlowAgain()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        Assert.NotNull(await a.PingAsync(b.LocalSilo, TimeSpan.FromSeconds(5), default));

        _network.Partition(a.LocalSilo, b.LocalSilo);

        await Assert.ThrowsAsync<TimeoutException>(() => a.SendRequestAsync(b.LocalSilo, Request("x"), TimeSpan.FromMilliseconds(200), default));
        Assert.Null(await a.PingAsync(b.LocalSilo, TimeSpan.FromMilliseconds(200), default));

        _network.Heal();

        Assert.Equal("after", Text(await a.SendRequestAsync(b.LocalSilo, Request("after"), TimeSpan.FromSeconds(30), default)));
    }

    [Fact]
    public async Task OneWayPartition_StallsCallsBothWays_BecauseAnswersShareTheBlockedDirection()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        Assert.NotNull(await b.PingAsync(a.LocalSilo, TimeSpan.FromSeconds(5), default));

        _network.Partition(a.LocalSilo, b.LocalSilo, oneWay: true);

        await Assert.ThrowsAsync<TimeoutException>(() => a.SendRequestAsync(b.LocalSilo, Request("a->b"), TimeSpan.FromMilliseconds(200), default));
        await Assert.ThrowsAsync<TimeoutException>(() => b.SendRequestAsync(a.LocalSilo, Request("b->a"), TimeSpan.FromMilliseconds(200), default));
    }

    [Fact]
    public async Task Partition_FillsTheSendQueue_UntilSendersAreRejectedAsOverloaded()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        Assert.NotNull(await a.PingAsync(b.LocalSilo, TimeSpan.FromSeconds(5), default));
        _network.Partition(a.LocalSilo, b.LocalSilo);
        var body = new byte[64 * 1024];

        GrainCallRejectedException? rejected = null;
        for (var i = 0; i < 1000 && rejected is null; i++)
        {
            var call = a.SendRequestAsync(b.LocalSilo, Request(body), TimeSpan.FromSeconds(30), default);
            if (call.IsFaulted)
            {
                rejected = call.Exception!.InnerException as GrainCallRejectedException;
            }
            else if (i % 16 == 0)
            {
                await Task.Delay(1);
            }
        }

        Assert.Equal(RejectionKind.Overloaded, rejected?.Kind);
    }

    [Fact]
    public async Task Drop_LosesMessagesInThatDirection_UntilHealed()
    {
        var handler = new TestMessageHandler();
        var a = await StartAsync();
        var b = await StartAsync(handler);
        Assert.NotNull(await a.PingAsync(b.LocalSilo, TimeSpan.FromSeconds(5), default));

        _network.Drop(a.LocalSilo, b.LocalSilo);
        a.Send(b.LocalSilo, new ClusterMessage { Kind = MessageKind.OneWay, Body = "lost"u8.ToArray() });
        await Assert.ThrowsAsync<TimeoutException>(() => a.SendRequestAsync(b.LocalSilo, Request("x"), TimeSpan.FromMilliseconds(200), default));
        _network.Heal();
        a.Send(b.LocalSilo, new ClusterMessage { Kind = MessageKind.OneWay, Body = "kept"u8.ToArray() });

        await Eventually.TrueAsync(() => !handler.OneWays.IsEmpty, "the one-way sent after healing");
        Assert.Equal("kept", Text(Assert.Single(handler.OneWays).Message));
    }

    [Fact]
    public async Task Delay_AddsLatencyToThatDirection()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        Assert.NotNull(await a.PingAsync(b.LocalSilo, TimeSpan.FromSeconds(5), default));

        _network.Delay(a.LocalSilo, b.LocalSilo, TimeSpan.FromMilliseconds(150));
        var watch = Stopwatch.StartNew();
        await a.SendRequestAsync(b.LocalSilo, Request("slow"), TimeSpan.FromSeconds(30), default);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(140), $"The round trip took {watch.Elapsed}, less than the injected delay.");
    }

    [Fact]
    public async Task Kill_RefusesNewConnections_SoCallsFailFastInsteadOfTimingOut()
    {
        var a = await StartAsync();
        var b = await StartAsync();

        _network.Kill(b.LocalSilo);

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => a.SendRequestAsync(b.LocalSilo, Request("x"), TimeSpan.FromSeconds(30), default));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"The refusal took {watch.Elapsed}.");
    }

    [Fact]
    public async Task Disconnect_FailsCallsInFlight_AndTheNextCallReconnects()
    {
        var handler = TestMessageHandler.Silent();
        var a = await StartAsync();
        var b = await StartAsync(handler);
        var call = a.SendRequestAsync(b.LocalSilo, Request("x"), TimeSpan.FromSeconds(30), default);
        await Eventually.TrueAsync(() => handler.RequestsSeen == 1, "the request to arrive");

        _network.Disconnect(a.LocalSilo, b.LocalSilo);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        handler.OnRequest = TestMessageHandler.Echo;
        Assert.Equal("again", Text(await a.SendRequestAsync(b.LocalSilo, Request("again"), TimeSpan.FromSeconds(30), default)));
    }

    [Fact]
    public async Task OnSiloDead_FailsCallsWaitingForAConnection_AtOnce()
    {
        var a = await StartAsync();
        var b = await StartAsync();

        // The handshake stalls in the partition, so the call waits on a dial bounded only by the 5 s connect timeout.
        _network.Partition(a.LocalSilo, b.LocalSilo);
        var call = a.SendRequestAsync(b.LocalSilo, Request("x"), TimeSpan.FromSeconds(30), default);
        var watch = Stopwatch.StartNew();
        a.OnSiloDead(b.LocalSilo);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"The waiting call failed after {watch.Elapsed}.");
    }

    [Fact]
    public async Task DeadSilo_IsRefused_ButANewerGenerationAtTheSameEndpointIsReachable()
    {
        var a = await StartAsync();
        var old = await StartAsync();
        a.OnSiloDead(old.LocalSilo);
        _network.Kill(old.LocalSilo);

        var restarted = new InMemorySiloTransport(_network, old.LocalSilo with { Generation = SiloAddress.NewGeneration() }, ClusterId);
        await restarted.StartAsync(new TestMessageHandler(), default);
        try
        {
            await Assert.ThrowsAsync<GrainCallRejectedException>(() => a.SendRequestAsync(old.LocalSilo, Request("x"), TimeSpan.FromSeconds(30), default));
            Assert.Equal("new", Text(await a.SendRequestAsync(restarted.LocalSilo, Request("new"), TimeSpan.FromSeconds(30), default)));
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    private protected override async Task<SiloTransportBase> CreateStartedAsync(IClusterMessageHandler handler, SiloTransportOptions? options, string clusterId)
    {
        var address = new SiloAddress("10.0.0.1", Interlocked.Increment(ref s_nextPort), SiloAddress.NewGeneration());
        var transport = new InMemorySiloTransport(_network, address, clusterId, options);
        await transport.StartAsync(handler, default);
        return transport;
    }

    private protected override Task KillAsync(SiloTransportBase transport)
    {
        _network.Kill(transport.LocalSilo);
        return Task.CompletedTask;
    }
}
