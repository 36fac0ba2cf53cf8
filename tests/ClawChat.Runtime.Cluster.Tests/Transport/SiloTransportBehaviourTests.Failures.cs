using System.Diagnostics;
using ClawChat.Runtime.Cluster.Transport;
using static ClawChat.Runtime.Cluster.Tests.Transport.TransportTestMessages;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

/// <summary>Deadlines, dead peers, full queues, refusals and stopping.</summary>
public abstract partial class SiloTransportBehaviourTests
{
    [Fact]
    public async Task Request_ThrowsTimeoutExceptionNamingTheTarget_WhenNoAnswerComesBeforeTheDeadline()
    {
        var server = await StartAsync(TestMessageHandler.Silent());
        var client = await StartAsync();
        Assert.NotNull(await client.PingAsync(server.LocalSilo, TimeSpan.FromSeconds(5), default));

        var watch = Stopwatch.StartNew();
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => client.SendRequestAsync(server.LocalSilo, Request("x"), TimeSpan.FromMilliseconds(300), default));

        Assert.Contains(server.LocalSilo.ToString(), timeout.Message);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task PendingCalls_FailFastWithSiloUnavailable_WhenThePeerIsKilled()
    {
        var handler = TestMessageHandler.Silent();
        var server = await StartAsync(handler);
        var client = await StartAsync();
        var calls = Enumerable.Range(0, 3).Select(i => client.SendRequestAsync(server.LocalSilo, Request("x"), Long, default)).ToArray();
        await Eventually.TrueAsync(() => handler.RequestsSeen == 3, "the server to receive the three requests");

        var watch = Stopwatch.StartNew();
        await KillAsync(server);

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Calls failed after {watch.Elapsed}, not promptly on connection loss.");
    }

    [Fact]
    public async Task OnSiloDead_FailsPendingCalls_AndRefusesNewSendsAsTransient()
    {
        var handler = TestMessageHandler.Silent();
        var server = await StartAsync(handler);
        var client = await StartAsync();
        var call = client.SendRequestAsync(server.LocalSilo, Request("x"), Long, default);
        await Eventually.TrueAsync(() => handler.RequestsSeen == 1, "the server to receive the request");

        client.OnSiloDead(server.LocalSilo);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        var refused = await Assert.ThrowsAsync<GrainCallRejectedException>(() => client.SendRequestAsync(server.LocalSilo, Request("y"), Long, default));
        Assert.Equal(RejectionKind.Transient, refused.Kind);
        Assert.Null(await client.PingAsync(server.LocalSilo, TimeSpan.FromSeconds(1), default));
    }

    [Fact]
    public async Task FullSendQueue_RejectsWithOverloaded_WhenThePeerStopsReading()
    {
        // One handler slot, taken by a request that never completes: the peer stops reading after that, so
        // socket buffers, then the pipe, then the 8 MiB send queue fill up.
        var server = await StartAsync(TestMessageHandler.Silent(), new SiloTransportOptions { MaxConcurrentRequestsPerConnection = 1 });
        var client = await StartAsync();
        var body = new byte[64 * 1024];
        var calls = new List<Task<ClusterMessage>>();
        var watch = Stopwatch.StartNew();
        GrainCallRejectedException? rejected = null;
        while (rejected is null)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"No Overloaded rejection after {calls.Count} requests of 64 KiB.");
            var call = client.SendRequestAsync(server.LocalSilo, Request(body), Long, default);
            calls.Add(call);
            if (call.IsFaulted)
            {
                rejected = Assert.IsType<GrainCallRejectedException>(call.Exception!.InnerException);
            }
            else if (calls.Count % 16 == 0)
            {
                // Let the writer move what is queued into the socket, so the rejection comes from a peer that does not read, not from a burst.
                await Task.Delay(1);
            }
        }

        Assert.Equal(RejectionKind.Overloaded, rejected.Kind);
        Assert.Contains(server.LocalSilo.ToString(), rejected.Message);
    }

    [Fact]
    public async Task StopAsync_DrainsRequestsInFlight_BeforeClosing()
    {
        var handler = new TestMessageHandler
        {
            OnRequest = static async (from, request, _) =>
            {
                await Task.Delay(300, CancellationToken.None);
                return await TestMessageHandler.Echo(from, request, default);
            },
        };
        var server = await StartAsync(handler);
        var client = await StartAsync();
        var call = client.SendRequestAsync(server.LocalSilo, Request("drained"), Long, default);
        await Eventually.TrueAsync(() => handler.RequestsSeen == 1, "the server to receive the request");

        await server.StopAsync(default);

        Assert.Equal("drained", Text(await call));
    }

    [Fact]
    public async Task Send_IsRefusedAsNotActive_AfterStop()
    {
        var server = await StartAsync();
        var client = await StartAsync();

        await client.StopAsync(default);

        var refused = await Assert.ThrowsAsync<GrainCallRejectedException>(() => client.SendRequestAsync(server.LocalSilo, Request("x"), Long, default));
        Assert.Equal(RejectionKind.NotActive, refused.Kind);
    }

    [Fact]
    public async Task Connection_IsRefused_WhenThePeerIsInAnotherCluster()
    {
        var server = await StartAsync(clusterId: "other-" + Guid.NewGuid().ToString("N"));
        var client = await StartAsync();

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => client.SendRequestAsync(server.LocalSilo, Request("x"), Long, default));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Refusal took {watch.Elapsed}.");
    }

    [Fact]
    public async Task Connection_IsRefused_WhenTheAddressIsAStaleGeneration()
    {
        var server = await StartAsync();
        var client = await StartAsync();
        var stale = server.LocalSilo with { Generation = server.LocalSilo.Generation - 1 };

        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.SendRequestAsync(stale, Request("x"), Long, default));

        Assert.Contains(stale.ToString(), refused.Message);
    }

    [Fact]
    public async Task CallerCancellation_CancelsTheWait()
    {
        var server = await StartAsync(TestMessageHandler.Silent());
        var client = await StartAsync();
        using var cancellation = new CancellationTokenSource();
        var call = client.SendRequestAsync(server.LocalSilo, Request("x"), Long, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}
