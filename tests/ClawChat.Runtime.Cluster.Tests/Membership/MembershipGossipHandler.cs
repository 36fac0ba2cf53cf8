using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Cluster.Transport;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>Routes gossip to a <see cref="MembershipService"/>, as the lead's message router will.</summary>
public sealed class MembershipGossipHandler : IClusterMessageHandler
{
    private readonly MembershipService _service;

    public MembershipGossipHandler(MembershipService service)
    {
        _service = service;
    }

    public ValueTask<ClusterMessage?> HandleAsync(SiloAddress from, ClusterMessage message, CancellationToken cancellationToken)
        => ValueTask.FromResult<ClusterMessage?>(null);

    public void OnMembershipChanged(SiloAddress from, long version) => _service.OnMembershipChanged(version);
}
