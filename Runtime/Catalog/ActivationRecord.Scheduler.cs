using ClawChat.Runtime.Scheduling;

namespace ClawChat.Runtime.Catalog;

/// <summary>The turn scheduler: a FIFO of work items run one at a time on the thread pool (or inline on
/// the caller's thread when the activation is idle), with this record as the synchronization context.</summary>
internal sealed partial class ActivationRecord : IThreadPoolWorkItem
{
    /// <summary>Time slice before a busy activation yields its thread to others (Orleans uses 100 ms).</summary>
    private const long QuantumMs = 50;

    private SchedulerState _sched;
    private Queue<WorkItem>? _work;

    private enum SchedulerState : byte
    {
        Idle,
        Queued,
        Running,
    }

    public override void Post(SendOrPostCallback d, object? state) => Schedule(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send would block a grain turn; use await.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Queues a work item; it runs after the items before it, never concurrently with them.</summary>
    internal void Schedule(SendOrPostCallback callback, object? state)
    {
        bool start;
        lock (this)
        {
            (_work ??= new Queue<WorkItem>()).Enqueue(new WorkItem(callback, state));
            start = _sched == SchedulerState.Idle;
            if (start)
            {
                _sched = SchedulerState.Queued;
            }
        }

        if (start)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        lock (this)
        {
            _sched = SchedulerState.Running;
        }

        var previous = Current;
        SetSynchronizationContext(this);
        var started = Environment.TickCount64;
        try
        {
            while (true)
            {
                WorkItem item;
                lock (this)
                {
                    if (_work is null || !_work.TryDequeue(out item))
                    {
                        _sched = SchedulerState.Idle;
                        _work = null;
                        return;
                    }
                }

                RunItem(item);
                if (Environment.TickCount64 - started >= QuantumMs)
                {
                    lock (this)
                    {
                        if (_work is null || _work.Count == 0)
                        {
                            _sched = SchedulerState.Idle;
                            _work = null;
                            return;
                        }

                        _sched = SchedulerState.Queued;
                    }

                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
                }
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private void RunItem(WorkItem item)
    {
        var started = Environment.TickCount64;
        try
        {
            item.Callback(item.State);
        }
        catch (Exception ex)
        {
            // Work items are continuations of grain code; their exceptions belong to the awaiting task,
            // so anything reaching here escaped an async void or a callback: log and keep the activation.
            Shared.Log.WorkItemFailed(GrainId, ex);
        }

        var elapsed = Environment.TickCount64 - started;
        if (elapsed > Shared.TurnWarningMs)
        {
            Shared.Log.LongTurn(GrainId, elapsed);
        }
    }

    /// <summary>Claims the scheduler for a turn on the calling thread; caller holds the lock.</summary>
    private bool TryClaimInline()
    {
        if (_sched != SchedulerState.Idle || !RuntimeContext.CanRunInline)
        {
            return false;
        }

        _sched = SchedulerState.Running;
        return true;
    }

    /// <summary>Releases an inline claim, handing queued items to the thread pool.</summary>
    private void ReleaseInline()
    {
        bool start;
        lock (this)
        {
            start = _work is { Count: > 0 };
            if (start)
            {
                _sched = SchedulerState.Queued;
            }
            else
            {
                _sched = SchedulerState.Idle;
                _work = null;
            }
        }

        if (start)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private readonly record struct WorkItem(SendOrPostCallback Callback, object? State);
}
