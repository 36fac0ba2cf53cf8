using ClawChat.Runtime.Cluster.Transport;
using static ClawChat.Runtime.Cluster.Tests.Transport.TransportTestMessages;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

/// <summary>What every <see cref="ISiloTransport"/> must do, run against TCP and in-memory alike (the test
/// cluster relies on the in-memory one behaving as production does).</summary>
public abstract partial class SiloTransportBehaviourTests : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private readonly List<SiloTransportBase> _transports = [];

    /// <summary>Fresh per test, so concurrent tests never talk to each other's silos.</summary>
    protected string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            await transport.StopAsync(new CancellationToken(canceled: true));
            await transport.DisposeAsync();
        }
    }

    /// <summary>A started transport in its own silo.</summary>
    private protected abstract Task<SiloTransportBase> CreateStartedAsync(IClusterMessageHandler handler, SiloTransportOptions? options, string clusterId);

    /// <summary>Abrupt death of the silo (its process killed): its connections drop, nothing is drained.</summary>
    private protected abstract Task KillAsync(SiloTransportBase transport);

    private protected async Task<SiloTransportBase> StartAsync(IClusterMessageHandler? handler = null, SiloTransportOptions? options = null, string? clusterId = null)
    {
        var transport = await CreateStartedAsync(handler ?? new TestMessageHandler(), options, clusterId ?? ClusterId);
        _transports.Add(transport);
        return transport;
    }

    [Fact]
    public async Task Request_GetsTheHandlersResponse_AndTheHandlerSeesTheCallerAndHeader()
    {
        SiloAddress? seenFrom = null;
        ClusterMessage? seen = null;
        var handler = new TestMessageHandler
        {
            OnRequest = (from, request, cancellationToken) =>
            {
                seenFrom = from;
                seen = request;
                return TestMessageHandler.Echo(from, request, cancellationToken);
            },
        };
        var server = await StartAsync(handler);
        var client = await StartAsync();
        var request = Request("hello", key: "room:!abc");
        request.ChainId = 99;
        request.CallPath = [1, 2, 3];
        request.Context = new Dictionary<string, string> { ["trace"] = "t-1" };

        var response = await client.SendRequestAsync(server.LocalSilo, request, Long, default);

        Assert.Equal(MessageKind.Response, response.Kind);
        Assert.Equal(request.CorrelationId, response.CorrelationId);
        Assert.Equal("hello", Text(response));
        Assert.Equal(client.LocalSilo, seenFrom);
        Assert.Equal(new GrainId(TestGrain, "room:!abc"), seen!.Target);
        Assert.Equal((0x1234_5678u, (ushort)7, 99L), (seen.InterfaceId, seen.MethodId, seen.ChainId));
        Assert.Equal([1UL, 2UL, 3UL], seen.CallPath!);
        Assert.Equal("t-1", seen.Context!["trace"]);
    }

    [Fact]
    public async Task TenThousandConcurrentRequests_EachGetTheirOwnResponse()
    {
        // All 10,000 are queued at once, beyond the default 4,096-frame bound that would (correctly) reject a burst that size.
        var client = await StartAsync(options: new SiloTransportOptions { SendQueueCapacity = 10_000 });
        var server = await StartAsync();

        var calls = Enumerable.Range(0, 10_000)
            .Select(i => client.SendRequestAsync(server.LocalSilo, Request(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Long, default))
            .ToArray();
        var responses = await Task.WhenAll(calls);

        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(responses[i]));
        }
    }

    [Fact]
    public async Task OneWay_IsDeliveredToTheHandler()
    {
        var handler = new TestMessageHandler();
        var server = await StartAsync(handler);
        var client = await StartAsync();

        client.Send(server.LocalSilo, new ClusterMessage { Kind = MessageKind.OneWay, Target = new GrainId(TestGrain, "x"), Body = "fire"u8.ToArray() });

        await Eventually.TrueAsync(() => !handler.OneWays.IsEmpty, "the one-way message to reach the handler");
        var (from, message) = Assert.Single(handler.OneWays);
        Assert.Equal(client.LocalSilo, from);
        Assert.Equal("fire", Text(message));
    }

    [Fact]
    public async Task HandlerException_ComesBackAsAnErrorResponse_WithTheExceptionRecreated()
    {
        var handler = new TestMessageHandler { OnRequest = static (_, _, _) => throw new InvalidOperationException("boom") };
        var server = await StartAsync(handler);
        var client = await StartAsync();

        var response = await client.SendRequestAsync(server.LocalSilo, Request("x"), Long, default);

        Assert.Equal(ResponseStatus.Error, response.Status);
        var exception = Assert.IsType<InvalidOperationException>(RemoteExceptions.Deserialize(response.Body.Span));
        Assert.Equal("boom", exception.Message);
    }

    [Fact]
    public async Task Reject_ComesBackAsTheReturnedMessage_WithItsKindAndLocationHint()
    {
        var elsewhere = new SiloAddress("10.9.9.9", 11111, 1234);
        var handler = new TestMessageHandler
        {
            OnRequest = (_, _, _) => ValueTask.FromResult<ClusterMessage?>(new ClusterMessage
            {
                Kind = MessageKind.Reject,
                Rejection = RejectionKind.Overloaded,
                LocationHint = elsewhere,
            }),
        };
        var server = await StartAsync(handler);
        var client = await StartAsync();

        var response = await client.SendRequestAsync(server.LocalSilo, Request("x"), Long, default);

        Assert.Equal((MessageKind.Reject, RejectionKind.Overloaded, elsewhere), (response.Kind, response.Rejection, response.LocationHint));
    }

    [Fact]
    public async Task OversizedRequest_IsRefusedAtTheSender_WithTheLimitInTheMessage()
    {
        var server = await StartAsync();
        var client = await StartAsync();

        var refused = Assert.Throws<ArgumentException>(() => { _ = client.SendRequestAsync(server.LocalSilo, Request(new byte[4 * 1024 * 1024]), Long, default); });

        Assert.Contains("frame limit", refused.Message);
    }

    [Fact]
    public async Task OversizedResponse_ReachesTheCallerAsAnError_InsteadOfATimeout()
    {
        var handler = new TestMessageHandler
        {
            OnRequest = static (_, _, _) => ValueTask.FromResult<ClusterMessage?>(new ClusterMessage { Kind = MessageKind.Response, Body = new byte[5 * 1024 * 1024] }),
        };
        var server = await StartAsync(handler);
        var client = await StartAsync();

        var response = await client.SendRequestAsync(server.LocalSilo, Request("x"), Long, default);

        Assert.Equal(ResponseStatus.Error, response.Status);
        Assert.Contains("frame limit", RemoteExceptions.Deserialize(response.Body.Span).Message);
    }

    [Theory]
    [InlineData(40 * 1024)]
    [InlineData(1024 * 1024)]
    [InlineData((4 * 1024 * 1024) - 1024)]
    public async Task LargeBodies_RoundTripIntact(int size)
    {
        var server = await StartAsync();
        var client = await StartAsync();
        var body = new byte[size];
        new Random(size).NextBytes(body);

        var response = await client.SendRequestAsync(server.LocalSilo, Request(body), Long, default);

        Assert.True(body.AsSpan().SequenceEqual(response.Body.Span), "The echoed body differs from the one sent.");
    }

    [Fact]
    public async Task RequestsBothWays_WorkOnEachSilosOwnConnection()
    {
        var a = await StartAsync();
        var b = await StartAsync();

        var fromA = await a.SendRequestAsync(b.LocalSilo, Request("a->b"), Long, default);
        var fromB = await b.SendRequestAsync(a.LocalSilo, Request("b->a"), Long, default);

        Assert.Equal(("a->b", "b->a"), (Text(fromA), Text(fromB)));
    }
}
