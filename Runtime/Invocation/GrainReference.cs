using System.ComponentModel;

namespace ClawChat.Runtime.Invocation;

/// <summary>What a proxy calls into. Implemented by the runtime client of a silo.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGrainCallInvoker
{
    /// <summary>Sends <paramref name="request"/> to <paramref name="target"/> and returns its result.</summary>
    ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request);

    /// <summary>Sends a one-way request: no result, no exception.</summary>
    void InvokeOneWay(GrainReference target, GrainRequest request);
}

/// <summary>Base class of the proxies the source generator emits for grain and observer interfaces.</summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    protected GrainReference(IGrainCallInvoker invoker, GrainId grainId)
    {
        Invoker = invoker;
        GrainId = grainId;
    }

    /// <summary>The grain (or observer) this reference points at.</summary>
    public GrainId GrainId { get; }

    [EditorBrowsable(EditorBrowsableState.Never)]
    public IGrainCallInvoker Invoker { get; }

    /// <summary>Runtime-owned cache slot (the local activation last used), so repeated calls through one
    /// reference skip the catalog lookup. Validated by the runtime on every use.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public object? CachedTarget { get; set; }

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected ValueTask<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request) => Invoker.InvokeAsync(this, request);

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected void InvokeOneWay(GrainRequest request) => Invoker.InvokeOneWay(this, request);

    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();
}
