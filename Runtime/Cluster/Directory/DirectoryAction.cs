namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>The outcome of <see cref="DirectoryDecision.Decide"/>: a kind plus the values that kind needs.</summary>
public readonly record struct DirectoryAction(
    DirectoryActionKind Kind,
    SiloAddress? ForwardTo,
    GrainAddress? ExpectedPrevious,
    TimeSpan? RequiredLease,
    TimeSpan Delay,
    long MinVersion)
{
    public static DirectoryAction Forward(SiloAddress silo) => new(DirectoryActionKind.Forward, silo, null, null, TimeSpan.Zero, 0);

    public static DirectoryAction Retry(GrainAddress expectedPrevious, TimeSpan? requiredLease)
        => new(DirectoryActionKind.Retry, null, expectedPrevious, requiredLease, TimeSpan.Zero, 0);

    public static DirectoryAction Wait(TimeSpan delay) => new(DirectoryActionKind.Wait, null, null, null, delay, 0);

    public static DirectoryAction Refresh(long minVersion) => new(DirectoryActionKind.Refresh, null, null, null, TimeSpan.Zero, minVersion);
}
