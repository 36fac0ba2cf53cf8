namespace ClawChat.Runtime.Invocation;

/// <summary>What a generated grain factory receives: the new activation's context, the silo's
/// services, and the persistent-state facets it declares.</summary>
public abstract class GrainActivationContext
{
    /// <summary>The context of the activation being created.</summary>
    public abstract IGrainContext GrainContext { get; }

    /// <summary>The silo's (singleton) services.</summary>
    public abstract IServiceProvider Services { get; }

    /// <summary>Creates the persistent-state facet <paramref name="stateName"/> backed by the storage provider
    /// <paramref name="storageName"/> (null: the default provider). State is read before <c>OnActivateAsync</c>.</summary>
    public abstract IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
        where TState : new();

    /// <summary>Resolves a required service (generated code calls this for ordinary constructor parameters).</summary>
    public T GetService<T>() where T : notnull
    {
        if (typeof(T) == typeof(IGrainContext))
        {
            return (T)GrainContext;
        }

        if (typeof(T) == typeof(IGrainFactory))
        {
            return (T)GrainContext.GrainFactory;
        }

        return (T)(Services.GetService(typeof(T))
            ?? throw new InvalidOperationException($"No service of type {typeof(T)} is registered; grain {GrainContext.GrainId} cannot be constructed."));
    }
}
