namespace ClawChat.Runtime;

/// <summary>Lifecycle hooks of a grain.</summary>
public interface IGrainBase
{
    IGrainContext GrainContext { get; }

    /// <summary>Runs after persistent state is loaded and before the first request.</summary>
    Task OnActivateAsync(CancellationToken cancellationToken);

    /// <summary>Runs when a valid activation is deactivated (idle, shutdown, requested). Best effort:
    /// a killed process skips it, so state must be written as part of normal operation.</summary>
    Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken);
}

/// <summary>Base class of grain implementations. Grain code runs one turn at a time on its activation;
/// never use <c>ConfigureAwait(false)</c>, <c>.Result</c> or <c>.Wait()</c> inside grain methods.</summary>
public abstract class Grain : IGrainBase
{
    private readonly Catalog.ActivationRecord _activation;

    protected Grain()
    {
        _activation = Catalog.ActivationRecord.Creating
            ?? throw new InvalidOperationException("Grains are created by the runtime: use IGrainFactory.GetGrain.");
    }

    public IGrainContext GrainContext => _activation;

    protected IGrainFactory GrainFactory => _activation.GrainFactory;

    /// <summary>The grain's key (a Matrix identifier, usually).</summary>
    public string GetPrimaryKeyString() => _activation.GrainId.Key;

    /// <summary>Identity of the silo hosting this activation (its cluster address, or "local" in single-silo mode).</summary>
    protected string RuntimeIdentity => _activation.TypeInfo.Shared.Cluster?.LocalSilo.ToString() ?? "local";

    protected void DeactivateOnIdle() => _activation.DeactivateOnIdle();

    protected void DelayDeactivation(TimeSpan duration) => _activation.DelayDeactivation(duration);

    /// <summary>Registers a timer whose ticks run as turns of this activation (subject to its scheduling rules).</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer(ct => callback(state, ct), options);
    }

    /// <summary>Registers a timer whose ticks run as turns of this activation (subject to its scheduling rules).</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer(callback, options);
    }

    /// <summary>Orleans-compatible shorthand for <see cref="RegisterGrainTimer{TState}"/>.</summary>
    protected IGrainTimer RegisterTimer(Func<object?, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer(_ => callback(state), new GrainTimerCreationOptions(dueTime, period));
    }

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
