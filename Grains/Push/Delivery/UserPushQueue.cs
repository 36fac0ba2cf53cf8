namespace ClawChat.Grains.Push.Delivery;

/// <summary>The waiting notifications of one user and whether a worker drains them. Guarded by its own lock.
/// A queue that ran empty is retired (removed from the service's map) under that lock, so an enqueue that
/// raced with the retirement sees <see cref="Retired"/> and starts a fresh queue.</summary>
internal sealed class UserPushQueue
{
    public Queue<PushDeliveryJob> Pending { get; } = new();

    public bool Running { get; set; }

    public bool Retired { get; set; }

    public Task Worker { get; set; } = Task.CompletedTask;
}
