namespace ClawChat.Runtime.Catalog;

/// <summary>Life of an activation: Creating → Activating → Valid → Deactivating → Invalid.</summary>
internal enum ActivationState
{
    /// <summary>In the catalog, nothing run yet.</summary>
    Creating,

    /// <summary>Constructing the grain, loading state, running <c>OnActivateAsync</c>; requests wait.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Finishing running requests and <c>OnDeactivateAsync</c>; new requests wait and are forwarded afterwards.</summary>
    Deactivating,

    /// <summary>Out of the catalog; references re-resolve.</summary>
    Invalid,
}
