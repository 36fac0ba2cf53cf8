namespace ClawChat.Runtime;

/// <summary>Options of a grain timer. A tick never overlaps the previous one: the next period starts
/// after the callback completes. <see cref="Period"/> of <see cref="Timeout.InfiniteTimeSpan"/> fires once.</summary>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period, bool Interleave = false, bool KeepAlive = false);

/// <summary>A timer owned by one activation; disposed automatically at deactivation.</summary>
public interface IGrainTimer : IDisposable
{
    void Change(TimeSpan dueTime, TimeSpan period);
}
