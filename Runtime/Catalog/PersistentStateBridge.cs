using ClawChat.Runtime.Storage;

namespace ClawChat.Runtime.Catalog;

/// <summary><see cref="IPersistentState{TState}"/> over an <see cref="IGrainStorage"/> provider. Any write
/// failure (an ETag conflict, a timeout, a broken connection) leaves the stored version unknown, so the
/// activation is deactivated after the current request and the next call reloads (Orleans #6128 advice).</summary>
internal sealed class PersistentStateBridge<TState> : IPersistentState<TState>, IGrainState<TState>, IStateFacet
    where TState : new()
{
    private readonly ActivationRecord _activation;
    private readonly IGrainStorage _storage;
    private readonly string _stateName;

    public PersistentStateBridge(ActivationRecord activation, IGrainStorage storage, string stateName)
    {
        _activation = activation;
        _storage = storage;
        _stateName = stateName;
        State = new TState();
    }

    public TState State { get; set; }

    public string? ETag { get; set; }

    public string? Etag => ETag;

    public bool RecordExists { get; set; }

    public Task ReadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        await _storage.ReadStateAsync(_stateName, _activation.GrainId, this, cancellationToken);
        State ??= new TState();
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.WriteStateAsync(_stateName, _activation.GrainId, this, cancellationToken);
        }
        catch (Exception ex)
        {
            _activation.DeactivateAfterCurrentRequest(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"writing state '{_stateName}' failed", ex));
            throw;
        }
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.ClearStateAsync(_stateName, _activation.GrainId, this, cancellationToken);
            State = new TState();
        }
        catch (Exception ex)
        {
            _activation.DeactivateAfterCurrentRequest(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"clearing state '{_stateName}' failed", ex));
            throw;
        }
    }
}
