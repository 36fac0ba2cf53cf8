namespace ClawChat.Runtime;

/// <summary>Creates references to grains and observers. References are cheap and can be cached.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain with this key; the grain is activated on its first call.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;

    /// <summary>Registers a local object as an observer and returns a reference other grains can call.
    /// Calls to one observer run one at a time. Delete it with <see cref="DeleteObjectReference{TObserver}"/>.</summary>
    TObserver CreateObjectReference<TObserver>(TObserver localObject) where TObserver : IGrainObserver;

    /// <summary>Unregisters an observer reference created by <see cref="CreateObjectReference{TObserver}"/>.</summary>
    void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver;
}
