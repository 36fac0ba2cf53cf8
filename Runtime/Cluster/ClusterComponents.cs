using ClawChat.Runtime.Cluster.Directory;
using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Cluster.Transport;

namespace ClawChat.Runtime.Cluster;

/// <summary>What turns a silo into a cluster member: its membership service, the grain directory and
/// the silo-to-silo transport (Redis + TCP in production, in-memory in the in-process test cluster).</summary>
public sealed record ClusterComponents(
    MembershipService Membership,
    IGrainDirectory Directory,
    ISiloTransport Transport,
    MembershipOptions MembershipOptions);
