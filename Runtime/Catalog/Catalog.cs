using System.Collections.Concurrent;

namespace ClawChat.Runtime.Catalog;

/// <summary>The activations of this silo, by grain id. Creating a record has no side effect (activation
/// starts on its first admitted call), so a lost <c>GetOrAdd</c> race simply drops the loser and there
/// is exactly one activation per grain id.</summary>
internal sealed class Catalog
{
    private readonly ConcurrentDictionary<GrainId, ActivationRecord> _activations = new();
    private volatile bool _admitting;
    private volatile bool _rejectNewActivations;

    public int Count => _activations.Count;

    /// <summary>False before start and from the beginning of shutdown: no new activations.</summary>
    public bool IsAdmitting
    {
        get => _admitting;
        set => _admitting = value;
    }

    /// <summary>Set by memory-pressure shedding when nothing idle is left to evict.</summary>
    public bool RejectNewActivations
    {
        get => _rejectNewActivations;
        set => _rejectNewActivations = value;
    }

    public bool TryGet(GrainId grainId, out ActivationRecord activation) => _activations.TryGetValue(grainId, out activation!);

    public ActivationRecord GetOrCreate(GrainId grainId, GrainTypeInfo type)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (!_admitting)
        {
            throw new GrainCallRejectedException(RejectionKind.NotActive, $"The silo is not active; {grainId} cannot be activated.");
        }

        if (_rejectNewActivations)
        {
            throw new GrainCallRejectedException(RejectionKind.Overloaded, $"The silo is under memory pressure; {grainId} cannot be activated now.");
        }

        return _activations.GetOrAdd(grainId, new ActivationRecord(grainId, type));
    }

    /// <summary>Adds an already-valid record (an observer).</summary>
    public void Add(ActivationRecord activation) => _activations[activation.GrainId] = activation;

    /// <summary>Removes <paramref name="activation"/> if it is still the one registered for its id.</summary>
    public bool Remove(ActivationRecord activation) =>
        _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    public IEnumerable<ActivationRecord> All => _activations.Values;
}
