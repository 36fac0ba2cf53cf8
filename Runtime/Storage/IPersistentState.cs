namespace ClawChat.Runtime;

/// <summary>A grain's persistent state facet, read before <c>OnActivateAsync</c>. Writes are
/// compare-and-swap on <see cref="Etag"/>: a conflicting write throws <see cref="InconsistentStateException"/>,
/// and the runtime deactivates the activation so the next call reloads fresh state.</summary>
public interface IPersistentState<TState>
{
    TState State { get; set; }

    /// <summary>The stored version; null when no record exists.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    public string? StorageName { get; } = storageName;
}
