using ClawChat.Runtime.Scheduling;

namespace ClawChat.Runtime.Catalog;

/// <summary>One activation: its grain instance, its turn scheduler and its request admission.
/// <para>Memory: an idle activation holds only the fields below (no task, no channel, no queue, no DI
/// scope); queues and the rarely used <see cref="ActivationExtras"/> are allocated on demand. That keeps
/// the runtime's cost per idle grain near 0.2 KB (brief C3).</para>
/// <para>Locking: every mutable field is guarded by <c>lock (this)</c>; no lock is held while grain code
/// runs. The record is a <see cref="SynchronizationContext"/>, so the continuations of grain code are
/// posted back to it and run one at a time (brief C6).</para></summary>
internal sealed partial class ActivationRecord : SynchronizationContext, IGrainContext
{
    /// <summary>The record whose grain is being constructed on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    [ThreadStatic]
    internal static ActivationRecord? Creating;

    private static readonly long s_activationIdBase = Random.Shared.NextInt64() & unchecked((long)0xFFFFFFFF00000000);
    private static long s_nextActivationId;

    private readonly GrainTypeInfo _type;
    private object? _instance;
    private ActivationState _state;

    /// <summary>Environment.TickCount64 of the last incoming application request.</summary>
    private long _lastActive;
    private ActivationExtras? _extras;

    public ActivationRecord(GrainId grainId, GrainTypeInfo type)
    {
        GrainId = grainId;
        _type = type;
        _lastActive = Environment.TickCount64;
    }

    /// <summary>An observer: a local object that is already "active".</summary>
    public ActivationRecord(GrainId grainId, GrainTypeInfo type, object instance)
        : this(grainId, type)
    {
        _instance = instance;
        _state = ActivationState.Valid;
    }

    public GrainId GrainId { get; }

    /// <summary>Distinguishes this activation from earlier and later ones of the same grain (directory CAS).</summary>
    internal ulong ActivationId { get; } = (ulong)(s_activationIdBase | (Interlocked.Increment(ref s_nextActivationId) & 0xFFFFFFFF));

    public IGrainFactory GrainFactory => _type.Shared.Runtime;

    internal GrainTypeInfo TypeInfo => _type;

    internal object? Instance => _instance;

    internal ActivationState State
    {
        get
        {
            lock (this)
            {
                return _state;
            }
        }
    }

    /// <summary>Usable for new calls through a cached reference (otherwise re-resolve through the catalog).</summary>
    internal bool IsUsable => _state is ActivationState.Creating or ActivationState.Activating or ActivationState.Valid;

    internal long LastActive => Volatile.Read(ref _lastActive);

    private GrainRuntimeShared Shared => _type.Shared;

    private ActivationExtras Extras => _extras ??= new ActivationExtras();

    public void DeactivateOnIdle()
    {
        lock (this)
        {
            Extras.DeactivateOnIdle = true;
            if (_running > 0)
            {
                return;
            }
        }

        StartDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle"));
    }

    public void DelayDeactivation(TimeSpan duration)
    {
        lock (this)
        {
            Extras.KeepAliveUntil = Environment.TickCount64 + (long)duration.TotalMilliseconds;
        }
    }

    /// <summary>True when the activation has no work and has been idle for at least <paramref name="age"/>.</summary>
    internal bool IsIdleFor(long now, TimeSpan age)
    {
        lock (this)
        {
            return _state == ActivationState.Valid
                && _running == 0
                && (_waiting is null || _waiting.Count == 0)
                && (_work is null || _work.Count == 0)
                && now - _lastActive >= (long)age.TotalMilliseconds
                && (_extras is null || _extras.KeepAliveUntil <= now);
        }
    }

    /// <summary>True when nothing runs or waits (memory shedding may take it).</summary>
    internal bool IsIdle
    {
        get
        {
            lock (this)
            {
                return _state == ActivationState.Valid && _running == 0 && (_waiting is null || _waiting.Count == 0) && (_work is null || _work.Count == 0);
            }
        }
    }

    public override string ToString() => $"[Activation {GrainId} {_state}]";

    internal IDisposable AllowChain(long chainId)
    {
        lock (this)
        {
            Extras.AllowChain(chainId);
        }

        return new ChainScope(this, chainId);
    }

    private void ReleaseChain(long chainId)
    {
        lock (this)
        {
            _extras?.ReleaseChain(chainId);
        }
    }

    private sealed class ChainScope(ActivationRecord owner, long chainId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.ReleaseChain(chainId);
            }
        }
    }
}
