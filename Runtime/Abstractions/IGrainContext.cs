namespace ClawChat.Runtime;

/// <summary>The runtime's view of one activation, as seen by grain code.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    /// <summary>Deactivates the activation once the current request completes.</summary>
    void DeactivateOnIdle();

    /// <summary>Keeps the activation from idle collection for at least <paramref name="duration"/>.</summary>
    void DelayDeactivation(TimeSpan duration);
}
