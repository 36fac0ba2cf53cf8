namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Membership status; transitions only move forward: Joining → Active → ShuttingDown → Dead.</summary>
public enum SiloStatus
{
    None,
    Joining,
    Active,
    ShuttingDown,
    Dead,
}
