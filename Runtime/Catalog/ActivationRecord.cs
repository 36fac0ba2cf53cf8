namespace ClawChat.Runtime.Catalog;

internal sealed partial class ActivationRecord : IGrainContext
{
    [ThreadStatic]
    internal static ActivationRecord? Creating;

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => throw new NotImplementedException();

    public void DeactivateOnIdle() => throw new NotImplementedException();

    public void DelayDeactivation(TimeSpan duration) => throw new NotImplementedException();

    internal IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) => throw new NotImplementedException();
}
