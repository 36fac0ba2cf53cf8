using ClawChat.Runtime.Cluster.Transport;
using static ClawChat.Runtime.Cluster.Tests.Transport.TransportTestMessages;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

/// <summary>Pings, indirect pings and membership gossip: the failure detector's path.</summary>
public abstract partial class SiloTransportBehaviourTests
{
    [Fact]
    public async Task MembershipGossip_ReachesOnMembershipChanged_WithItsVersion()
    {
        var handler = new TestMessageHandler();
        var server = await StartAsync(handler);
        var client = await StartAsync();

        client.Send(server.LocalSilo, new ClusterMessage { Kind = MessageKind.MembershipChanged, CorrelationId = 42 });

        await Eventually.TrueAsync(() => !handler.Gossip.IsEmpty, "the membership gossip to reach the handler");
        Assert.Equal((client.LocalSilo, 42L), Assert.Single(handler.Gossip));
    }

    [Fact]
    public async Task Ping_ReturnsTheRoundTrip_WithoutReachingTheHandler()
    {
        var handler = new TestMessageHandler();
        var server = await StartAsync(handler);
        var client = await StartAsync();

        var roundTrip = await client.PingAsync(server.LocalSilo, TimeSpan.FromSeconds(5), default);

        Assert.NotNull(roundTrip);
        Assert.True(roundTrip > TimeSpan.Zero);
        Assert.Equal(0, handler.RequestsSeen);
    }

    [Fact]
    public async Task Ping_ReturnsNull_WhenThePeerIsKilled()
    {
        var server = await StartAsync();
        var client = await StartAsync();
        Assert.NotNull(await client.PingAsync(server.LocalSilo, TimeSpan.FromSeconds(5), default));

        await KillAsync(server);

        Assert.Null(await client.PingAsync(server.LocalSilo, TimeSpan.FromSeconds(1), default));
    }

    [Fact]
    public async Task PingVia_IsTrue_WhenTheIntermediaryReachesTheTarget_AndFalseOnceTheTargetIsKilled()
    {
        var asker = await StartAsync();
        var intermediary = await StartAsync();
        var target = await StartAsync();

        Assert.True(await asker.PingViaAsync(intermediary.LocalSilo, target.LocalSilo, TimeSpan.FromSeconds(5), default));

        await KillAsync(target);

        Assert.False(await asker.PingViaAsync(intermediary.LocalSilo, target.LocalSilo, TimeSpan.FromSeconds(1), default));
    }
}
