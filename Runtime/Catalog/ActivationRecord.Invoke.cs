using ClawChat.Runtime.Invocation;
using ClawChat.Runtime.Scheduling;

namespace ClawChat.Runtime.Catalog;

/// <summary>Request admission (brief C6): a non-reentrant activation runs one exclusive request at a
/// time; read-only requests share; always-interleave requests, reentrant classes and call chains that
/// allowed reentrancy pass. Others wait in a bounded FIFO. A waiting request whose call path already
/// contains this activation can never start, so it fails at once as a deadlock.</summary>
internal sealed partial class ActivationRecord
{
    private int _running;
    private int _runningExclusive;
    private int _runningReadOnly;
    private Queue<PendingCall>? _waiting;

    private enum Admission
    {
        Start,
        Wait,
        Activate,
        Deadlock,
        Overloaded,
        Gone,
        Dropped,
        Fenced,
    }

    /// <summary>Calls <paramref name="request"/> on this activation. When the activation is idle and the
    /// caller's thread may run it, the turn runs inline and a synchronously completed grain method
    /// returns without any allocation beyond the request.</summary>
    internal ValueTask<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request, RequestInfo? parent, TimeSpan timeout) =>
        InvokeCoreAsync(request, new RequestInfo(this, request.Method.Flags, parent, RequestContext.Capture()), timeout, localOnly: false);

    /// <summary>A call that arrived from another silo, with the chain id and call path it carried.</summary>
    internal ValueTask<TResult> InvokeWithInfoAsync<TResult>(GrainRequest<TResult> request, RequestInfo info, TimeSpan timeout) =>
        InvokeCoreAsync(request, info, timeout, localOnly: false);

    /// <summary>A timer tick: runs only on this activation while it is valid, never reactivates the grain.</summary>
    internal ValueTask<TResult> InvokeLocalOnlyAsync<TResult>(GrainRequest<TResult> request, bool countsAsActivity) =>
        InvokeCoreAsync(request, new RequestInfo(this, request.Method.Flags, null, null) { CountsAsActivity = countsAsActivity }, Shared.Options.ResponseTimeout, localOnly: true);

    private ValueTask<TResult> InvokeCoreAsync<TResult>(GrainRequest<TResult> request, RequestInfo info, TimeSpan timeout, bool localOnly)
    {
        var parent = info.Parent;
        PendingCall<TResult>? pending = null;
        Admission admission;
        var inline = false;
        lock (this)
        {
            admission = localOnly && _state != ActivationState.Valid ? Admission.Dropped : Decide(info);
            switch (admission)
            {
                case Admission.Start:
                    RecordStart(info);
                    inline = TryClaimInline();
                    if (!inline)
                    {
                        pending = new PendingCall<TResult>(request, parent, Deadline(timeout)) { Info = info };
                        Schedule(PendingCall<TResult>.StartOnScheduler, pending);
                    }

                    break;
                case Admission.Wait:
                case Admission.Activate:
                    pending = new PendingCall<TResult>(request, parent, Deadline(timeout)) { Info = info };
                    (_waiting ??= new Queue<PendingCall>()).Enqueue(pending);
                    if (admission == Admission.Activate)
                    {
                        _state = ActivationState.Activating;
                        inline = TryClaimInline();
                        if (!inline)
                        {
                            Schedule(ActivateCallback, this);
                        }
                    }

                    break;
            }
        }

        switch (admission)
        {
            case Admission.Dropped:
                return ValueTask.FromCanceled<TResult>(new CancellationToken(canceled: true));
            case Admission.Fenced:
                return ValueTask.FromException<TResult>(new GrainCallRejectedException(
                    RejectionKind.Fenced, $"This silo lost its cluster lease and runs no grain turns; {GrainId} is unavailable here."));
            case Admission.Deadlock:
                return ValueTask.FromException<TResult>(new DeadlockException(
                    $"Deadlock: {request.Method} on {GrainId} would wait for a request of its own call chain ({info.DescribePath()}). Mark the method [AlwaysInterleave], the grain [Reentrant], or use RequestContext.AllowCallChainReentrancy()."));
            case Admission.Overloaded:
                return ValueTask.FromException<TResult>(new GrainCallRejectedException(
                    RejectionKind.Overloaded, $"{GrainId} is overloaded: {_type.MaxQueue} requests are already waiting."));
            case Admission.Gone:
                return Shared.Runtime.InvokeOnFreshActivationAsync(GrainId, request, parent, timeout);
            case Admission.Activate when inline:
                RunInline(ActivateCallback, this);
                return WithTimeout(pending!, request.Method, timeout);
            case Admission.Start when inline:
                return RunInlineRequest(request, info, parent, timeout);
            default:
                return WithTimeout(pending!, request.Method, timeout);
        }
    }

    /// <summary>Runs the grain method on this activation's context; admission is already recorded.</summary>
    internal ValueTask<TResult> RunRequest<TResult>(GrainRequest<TResult> request, RequestInfo info)
    {
        var previousRequest = RuntimeContext.CurrentRequest;
        var previousValues = RequestContext.Capture();
        RuntimeContext.CurrentRequest = info;
        if (!ReferenceEquals(previousValues, info.Context))
        {
            RequestContext.Restore(info.Context);
        }

        try
        {
            if ((info.Flags & MethodFlags.HasCancellation) != 0)
            {
                request.CancellationToken = CreateCancellation(info, request);
            }

            return request.InvokeAsync(_instance!);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<TResult>(ex);
        }
        finally
        {
            RuntimeContext.CurrentRequest = previousRequest;
            if (!ReferenceEquals(previousValues, info.Context))
            {
                RequestContext.Restore(previousValues);
            }
        }
    }

    /// <summary>Enqueues a call forwarded from a deactivated activation of the same grain.</summary>
    internal void Enqueue<TResult>(PendingCall<TResult> pending, GrainRequest<TResult> request)
    {
        var info = new RequestInfo(this, request.Method.Flags, pending.Parent, pending.Info?.Context);
        pending.Info = info;
        Admission admission;
        lock (this)
        {
            admission = Decide(info);
            switch (admission)
            {
                case Admission.Start:
                    RecordStart(info);
                    Schedule(PendingCall<TResult>.StartOnScheduler, pending);
                    break;
                case Admission.Wait:
                case Admission.Activate:
                    (_waiting ??= new Queue<PendingCall>()).Enqueue(pending);
                    if (admission == Admission.Activate)
                    {
                        _state = ActivationState.Activating;
                        Schedule(ActivateCallback, this);
                    }

                    break;
            }
        }

        switch (admission)
        {
            case Admission.Deadlock:
                pending.Fail(new DeadlockException($"Deadlock: {request.Method} on {GrainId} ({info.DescribePath()})."));
                break;
            case Admission.Overloaded:
                pending.Fail(new GrainCallRejectedException(RejectionKind.Overloaded, $"{GrainId} is overloaded."));
                break;
            case Admission.Fenced:
                pending.Fail(new GrainCallRejectedException(RejectionKind.Fenced, $"This silo lost its cluster lease; {GrainId} is unavailable here."));
                break;
            case Admission.Gone:
                pending.Redispatch(Shared.Runtime);
                break;
        }
    }

    /// <summary>Called when an admitted request's task completed: releases admission and admits waiters.</summary>
    internal void OnRequestCompleted(RequestInfo info)
    {
        DeactivationReason? deactivate = null;
        List<PendingCall>? expired = null;
        lock (this)
        {
            _running--;
            if ((info.Flags & MethodFlags.AlwaysInterleave) == 0)
            {
                if ((info.Flags & MethodFlags.ReadOnly) != 0)
                {
                    _runningReadOnly--;
                }
                else
                {
                    _runningExclusive--;
                }
            }

            if (info.Cancellation is { } cts)
            {
                _extras?.RunningCancellations?.Remove(cts);
            }

            if (_running == 0 && _extras is { } extras)
            {
                extras.IdleSignal?.TrySetResult();
                if (_state == ActivationState.Valid && (extras.DeactivateOnIdle || extras.PendingDeactivation is not null))
                {
                    deactivate = extras.PendingDeactivation ?? new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle");
                }
            }

            if (deactivate is null)
            {
                expired = AdmitWaitingLocked();
            }
        }

        info.Cancellation?.Dispose();
        FailExpired(expired);
        if (deactivate is { } reason)
        {
            StartDeactivation(reason);
        }
    }

    private Admission Decide(RequestInfo info)
    {
        if (Shared.Cluster is { IsFenced: true })
        {
            return Admission.Fenced;
        }

        switch (_state)
        {
            case ActivationState.Valid:
                if (MayStart(info, out var bypassQueue) && (bypassQueue || _waiting is null || _waiting.Count == 0))
                {
                    return Admission.Start;
                }

                if (info.HasCallers && info.PathContains(this))
                {
                    return Admission.Deadlock;
                }

                return QueueFull ? Admission.Overloaded : Admission.Wait;
            case ActivationState.Creating:
                return Admission.Activate;
            case ActivationState.Activating:
            case ActivationState.Deactivating:
                return QueueFull ? Admission.Overloaded : Admission.Wait;
            default:
                return Admission.Gone;
        }
    }

    private bool QueueFull => _waiting is not null && _waiting.Count >= _type.MaxQueue;

    private bool MayStart(RequestInfo info, out bool bypassQueue)
    {
        bypassQueue = true;
        if ((info.Flags & MethodFlags.AlwaysInterleave) != 0 || _type.IsReentrant)
        {
            return true;
        }

        if (_running > 0 && _extras is not null && _extras.AllowsChain(info.ChainId))
        {
            return true;
        }

        bypassQueue = false;
        if ((info.Flags & MethodFlags.ReadOnly) != 0)
        {
            return _runningExclusive == 0;
        }

        return _runningExclusive == 0 && _runningReadOnly == 0;
    }

    private void RecordStart(RequestInfo info)
    {
        _running++;
        if ((info.Flags & MethodFlags.AlwaysInterleave) == 0)
        {
            if ((info.Flags & MethodFlags.ReadOnly) != 0)
            {
                _runningReadOnly++;
            }
            else
            {
                _runningExclusive++;
            }
        }

        if (info.CountsAsActivity)
        {
            _lastActive = Environment.TickCount64;
        }
    }

    /// <summary>Admits waiting requests in FIFO order; returns expired ones to fail outside the lock.</summary>
    private List<PendingCall>? AdmitWaitingLocked()
    {
        List<PendingCall>? expired = null;
        if (_state != ActivationState.Valid || _waiting is null)
        {
            return null;
        }

        var now = Environment.TickCount64;
        while (_waiting.TryPeek(out var next))
        {
            if (next.Deadline < now)
            {
                _waiting.Dequeue();
                (expired ??= []).Add(next);
                continue;
            }

            if (!MayStart(next.Info, out _))
            {
                break;
            }

            _waiting.Dequeue();
            RecordStart(next.Info);
            Schedule(StartPending, next);
        }

        if (_waiting.Count == 0)
        {
            _waiting = null;
        }

        return expired;
    }

    private static readonly SendOrPostCallback StartPending = static state => ((PendingCall)state!).Start();

    private static void FailExpired(List<PendingCall>? expired)
    {
        if (expired is null)
        {
            return;
        }

        foreach (var call in expired)
        {
            call.Fail(new TimeoutException($"{call.Request.Method} on {call.Info.Target.GrainId} expired before it could run."));
        }
    }

    private ValueTask<TResult> RunInlineRequest<TResult>(GrainRequest<TResult> request, RequestInfo info, RequestInfo? parent, TimeSpan timeout)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        RuntimeContext.EnterInline();
        try
        {
            var result = RunRequest(request, info);
            if (result.IsCompleted)
            {
                OnRequestCompleted(info);
                return result;
            }

            var pending = new PendingCall<TResult>(request, parent, Deadline(timeout)) { Info = info };
            pending.Track(result);
            return WithTimeout(pending, request.Method, timeout);
        }
        finally
        {
            RuntimeContext.ExitInline();
            SetSynchronizationContext(previous);
            ReleaseInline();
        }
    }

    /// <summary>Runs <paramref name="first"/> on this thread with the scheduler claimed, then drains
    /// what it queued (bounded by the quantum) before handing the rest to the thread pool.</summary>
    private void RunInline(SendOrPostCallback first, object? state)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        RuntimeContext.EnterInline();
        try
        {
            RunItem(new WorkItem(first, state));
        }
        finally
        {
            RuntimeContext.ExitInline();
            SetSynchronizationContext(previous);
            ReleaseInline();
        }
    }

    private static long Deadline(TimeSpan timeout) => Environment.TickCount64 + (long)timeout.TotalMilliseconds;

    private ValueTask<TResult> WithTimeout<TResult>(PendingCall<TResult> pending, GrainMethodInfo method, TimeSpan timeout)
    {
        var task = pending.Task;
        if (task.IsCompleted)
        {
            return new ValueTask<TResult>(task);
        }

        return new ValueTask<TResult>(AwaitWithTimeout(task, method, timeout));
    }

    private async Task<TResult> AwaitWithTimeout<TResult>(Task<TResult> task, GrainMethodInfo method, TimeSpan timeout)
    {
        try
        {
            return await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"{method} on {GrainId} did not respond within {timeout.TotalSeconds:0.###} s; the outcome is unknown.");
        }
    }

    private CancellationToken CreateCancellation<TResult>(RequestInfo info, GrainRequest<TResult> request)
    {
        var cts = request.CallerCancellation.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(request.CallerCancellation)
            : new CancellationTokenSource();
        cts.CancelAfter(request.Method.ResponseTimeout ?? Shared.Options.ResponseTimeout);
        info.Cancellation = cts;
        lock (this)
        {
            (Extras.RunningCancellations ??= []).Add(cts);
        }

        return cts.Token;
    }
}
