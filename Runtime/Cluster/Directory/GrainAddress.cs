namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>Where an activation lives: the directory's value (brief C5).</summary>
public sealed record GrainAddress(GrainId GrainId, SiloAddress Silo, ulong ActivationId, long MembershipVersion);
