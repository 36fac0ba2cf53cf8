namespace ClawChat.Runtime.Catalog;

/// <summary>Timers and state facets: the rarely used parts, kept in <see cref="ActivationExtras"/>.</summary>
internal sealed partial class ActivationRecord
{
    internal IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, callback, options);
        lock (this)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"{GrainId} is deactivating; timers cannot be registered.");
            }

            (Extras.Timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (this)
        {
            _extras?.Timers?.Remove(timer);
        }
    }

    internal void AddStateFacet(IStateFacet facet)
    {
        lock (this)
        {
            (Extras.States ??= []).Add(facet);
        }
    }
}
