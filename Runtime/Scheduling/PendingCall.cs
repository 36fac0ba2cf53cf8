using ClawChat.Runtime.Catalog;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Scheduling;

/// <summary>A call that could not complete on the caller's thread: it waits for admission, runs on its
/// activation's scheduler, and completes the caller's task. Continuations of the caller run
/// asynchronously, so caller code never resumes inside the callee's turn (or its synchronization context).</summary>
internal abstract class PendingCall
{
    protected PendingCall(RequestInfo? parent, long deadline)
    {
        Parent = parent;
        Deadline = deadline;
    }

    /// <summary>The calling request (null for external callers and one-way calls).</summary>
    public RequestInfo? Parent { get; }

    /// <summary>Environment.TickCount64 after which the caller has given up; expired calls are dropped before they run.</summary>
    public long Deadline { get; }

    /// <summary>The admission record at the current target (replaced when the call is forwarded).</summary>
    public RequestInfo Info { get; set; } = null!;

    public abstract GrainRequest Request { get; }

    public int Forwards { get; set; }

    /// <summary>Runs the request; called on the target activation's scheduler after admission.</summary>
    public abstract void Start();

    /// <summary>Completes the caller with an error (rejection, timeout, failed activation).</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Sends the call again through the runtime (its activation went away before running it).</summary>
    public abstract void Redispatch(GrainRuntime runtime);
}

/// <summary>A <see cref="PendingCall"/> with a typed result.</summary>
internal sealed class PendingCall<TResult> : PendingCall
{
    private static readonly SendOrPostCallback StartCallback = static state => ((PendingCall)state!).Start();

    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly GrainRequest<TResult> _request;

    public PendingCall(GrainRequest<TResult> request, RequestInfo? parent, long deadline)
        : base(parent, deadline)
    {
        _request = request;
    }

    public static SendOrPostCallback StartOnScheduler => StartCallback;

    public override GrainRequest Request => _request;

    public Task<TResult> Task => _completion.Task;

    public override void Start()
    {
        var activation = Info.Target;
        var result = activation.RunRequest(_request, Info);
        Track(result);
    }

    /// <summary>Completes the caller when <paramref name="result"/> completes, releasing admission first.</summary>
    public void Track(ValueTask<TResult> result)
    {
        if (result.IsCompleted)
        {
            Complete(result);
            return;
        }

        var awaiter = result.ConfigureAwait(false).GetAwaiter();
        awaiter.UnsafeOnCompleted(() => Complete(result));
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Redispatch(GrainRuntime runtime)
    {
        Forwards++;
        runtime.Redispatch(this, _request);
    }

    /// <summary>Forwarded to another activation: completes this caller with that call's outcome.</summary>
    public void CompleteFrom(ValueTask<TResult> result)
    {
        if (result.IsCompleted)
        {
            SetFrom(result);
            return;
        }

        var awaiter = result.ConfigureAwait(false).GetAwaiter();
        awaiter.UnsafeOnCompleted(() => SetFrom(result));
    }

    private void Complete(ValueTask<TResult> result)
    {
        Info.Target.OnRequestCompleted(Info);
        SetFrom(result);
    }

    private void SetFrom(ValueTask<TResult> result)
    {
        try
        {
            _completion.TrySetResult(result.Result);
        }
        catch (OperationCanceledException ex)
        {
            _completion.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
        }
    }
}
