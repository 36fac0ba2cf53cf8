namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>What to do when <see cref="IGrainDirectory.RegisterAsync"/> returned another activation's entry (brief C5 rules).</summary>
public enum DirectoryActionKind
{
    /// <summary>Rule 1: the entry's silo is alive; we lose and forward to it.</summary>
    Forward,

    /// <summary>Rules 2 and 3: register again with <see cref="DirectoryAction.ExpectedPrevious"/> (and, for
    /// a dead silo, <see cref="DirectoryAction.RequiredLease"/>, which the directory enforces).</summary>
    Retry,

    /// <summary>Rule 4: the entry's silo is shutting down; wait <see cref="DirectoryAction.Delay"/>, then
    /// register again as before (the entry should be gone once its activation deactivated).</summary>
    Wait,

    /// <summary>Rule 5: the entry's silo is newer than our view; refresh membership to at least
    /// <see cref="DirectoryAction.MinVersion"/> and decide again.</summary>
    Refresh,
}
