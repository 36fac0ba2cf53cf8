namespace ClawChat.Runtime.Catalog;

/// <summary>Activation and deactivation (brief C3): construct, load state, <c>OnActivateAsync</c>, serve;
/// then stop admitting, finish running requests, <c>OnDeactivateAsync</c>, leave the catalog, and forward
/// whatever waited to the next activation.</summary>
internal sealed partial class ActivationRecord
{
    /// <summary>Set once this activation holds its directory entry (cluster mode), so deactivation releases it.</summary>
    private bool _registered;

    private static readonly SendOrPostCallback ActivateCallback = static state => _ = ((ActivationRecord)state!).ActivateAsync();
    private static readonly SendOrPostCallback DeactivateCallback = static state =>
    {
        var record = (ActivationRecord)state!;
        _ = record.DeactivateAsync(record._extras!.PendingDeactivation!.Value);
    };

    /// <summary>Completes when deactivation has finished (immediately if it already has).</summary>
    internal Task WhenDeactivated
    {
        get
        {
            lock (this)
            {
                if (_state == ActivationState.Invalid)
                {
                    return Task.CompletedTask;
                }

                return (Extras.Deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    /// <summary>Begins deactivation. Requests already running finish first; waiting and new ones are
    /// forwarded to the next activation afterwards.</summary>
    internal void StartDeactivation(DeactivationReason reason)
    {
        lock (this)
        {
            switch (_state)
            {
                case ActivationState.Creating:
                    // Never ran: nothing to finish; leave the catalog so the next call starts afresh.
                    _state = ActivationState.Invalid;
                    Shared.Catalog.Remove(this);
                    _extras?.Deactivated?.TrySetResult();
                    return;
                case ActivationState.Activating:
                    // Deactivate as soon as activation completes.
                    Extras.PendingDeactivation ??= reason;
                    return;
                case ActivationState.Valid:
                    _state = ActivationState.Deactivating;
                    Extras.PendingDeactivation = reason;
                    break;
                default:
                    return;
            }
        }

        Schedule(DeactivateCallback, this);
    }

    /// <summary>Marks the activation for deactivation after the current request (state write conflict or failure).</summary>
    internal void DeactivateAfterCurrentRequest(DeactivationReason reason)
    {
        bool now;
        lock (this)
        {
            Extras.PendingDeactivation ??= reason;
            now = _running == 0 && _state == ActivationState.Valid;
        }

        if (now)
        {
            StartDeactivation(reason);
        }
    }

    private async Task ActivateAsync()
    {
        var options = Shared.Options;
        Exception? failure = null;
        using var cts = new CancellationTokenSource(options.ActivationTimeout);
        try
        {
            // Register before running anything (brief C5): whoever holds the directory entry is the only activation.
            if (Shared.Cluster is { } cluster && _instance is null)
            {
                var winner = await cluster.RegisterActivationAsync(this, cts.Token);
                if (winner is not null)
                {
                    Abandon(winner);
                    return;
                }

                _registered = true;
            }

            if (_instance is null)
            {
                _instance = CreateInstance();
            }

            if (_extras?.States is { Count: > 0 } states)
            {
                var reads = new Task[states.Count];
                for (var i = 0; i < states.Count; i++)
                {
                    reads[i] = states[i].ReadAsync(cts.Token);
                }

                await Task.WhenAll(reads).WaitAsync(options.ActivationTimeout);
            }

            if (_instance is IGrainBase grain)
            {
                await grain.OnActivateAsync(cts.Token).WaitAsync(options.ActivationTimeout);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        if (failure is not null)
        {
            FailActivation(failure);
            return;
        }

        DeactivationReason? pendingDeactivation;
        List<Scheduling.PendingCall>? expired;
        lock (this)
        {
            _state = ActivationState.Valid;
            pendingDeactivation = _extras?.PendingDeactivation;
            expired = pendingDeactivation is null ? AdmitWaitingLocked() : null;
        }

        Shared.Log.Activated(GrainId);
        FailExpired(expired);
        if (pendingDeactivation is { } reason)
        {
            StartDeactivation(reason);
        }
    }

    private object CreateInstance()
    {
        var descriptor = _type.Descriptor ?? throw new InvalidOperationException($"{GrainId} has no grain class.");
        var previous = Creating;
        Creating = this;
        try
        {
            return descriptor.Factory(new ActivationFactoryContext(this));
        }
        finally
        {
            Creating = previous;
        }
    }

    /// <summary>Another silo holds the grain: leave the catalog and send what waited there.</summary>
    private void Abandon(Cluster.SiloAddress winner)
    {
        Queue<Scheduling.PendingCall>? waiting;
        lock (this)
        {
            _state = ActivationState.Invalid;
            waiting = _waiting;
            _waiting = null;
            _extras?.Deactivated?.TrySetResult();
        }

        Shared.Catalog.Remove(this);
        _ = winner;
        if (waiting is not null)
        {
            foreach (var call in waiting)
            {
                call.Redispatch(Shared.Runtime);
            }
        }
    }

    private void FailActivation(Exception failure)
    {
        Shared.Log.ActivationFailed(GrainId, failure);
        Queue<Scheduling.PendingCall>? waiting;
        lock (this)
        {
            _state = ActivationState.Invalid;
            waiting = _waiting;
            _waiting = null;
            _extras?.Deactivated?.TrySetResult();
        }

        Shared.Catalog.Remove(this);
        if (_registered && Shared.Cluster is { } cluster)
        {
            _ = cluster.UnregisterActivationAsync(this);
        }

        if (waiting is null)
        {
            return;
        }

        var error = failure is TimeoutException
            ? new TimeoutException($"Activation of {GrainId} did not complete within {Shared.Options.ActivationTimeout}.", failure)
            : failure;
        foreach (var call in waiting)
        {
            call.Fail(error);
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        var options = Shared.Options;
        Task? idle = null;
        List<CancellationTokenSource>? running = null;
        List<GrainTimer>? timers;
        lock (this)
        {
            timers = _extras?.Timers;
            if (_extras is not null)
            {
                _extras.Timers = null;
            }

            if (_running > 0)
            {
                Extras.IdleSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                idle = Extras.IdleSignal.Task;
                running = _extras!.RunningCancellations is { Count: > 0 } list ? [.. list] : null;
            }
        }

        if (timers is not null)
        {
            foreach (var timer in timers)
            {
                timer.DisposeCore();
            }
        }

        // Long-polls and other cancellable requests return early instead of holding the activation.
        if (running is not null)
        {
            foreach (var cts in running)
            {
                TryCancel(cts);
            }
        }

        if (idle is not null)
        {
            try
            {
                await idle.WaitAsync(options.DeactivationTimeout);
            }
            catch (TimeoutException)
            {
                Shared.Log.DeactivationStuck(GrainId, options.DeactivationTimeout);
            }
        }

        if (_instance is IGrainBase grain)
        {
            try
            {
                using var cts = new CancellationTokenSource(options.DeactivationTimeout);
                await grain.OnDeactivateAsync(reason, cts.Token).WaitAsync(options.DeactivationTimeout);
            }
            catch (Exception ex)
            {
                Shared.Log.DeactivationFailed(GrainId, ex);
            }
        }

        if (_registered && reason.Code != DeactivationReasonCode.DirectoryLost && Shared.Cluster is { } cluster)
        {
            await cluster.UnregisterActivationAsync(this);
        }

        Shared.Catalog.Remove(this);
        Queue<Scheduling.PendingCall>? waiting;
        lock (this)
        {
            _state = ActivationState.Invalid;
            waiting = _waiting;
            _waiting = null;
            _extras?.Deactivated?.TrySetResult();
        }

        Shared.Log.Deactivated(GrainId, reason);
        if (waiting is not null)
        {
            foreach (var call in waiting)
            {
                call.Redispatch(Shared.Runtime);
            }
        }
    }

    private static void TryCancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request completed meanwhile.
        }
    }
}
