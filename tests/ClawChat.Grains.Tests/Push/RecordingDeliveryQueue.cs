using System.Collections.Concurrent;
using ClawChat.Grains.Push.Delivery;

namespace ClawChat.Grains.Tests.Push;

/// <summary>Records what the pushers grain hands over for delivery.</summary>
public sealed class RecordingDeliveryQueue : IPushDeliveryQueue
{
    private readonly ConcurrentQueue<PushDeliveryJob> _jobs = new();

    public IReadOnlyList<PushDeliveryJob> Jobs => [.. _jobs];

    public IReadOnlyList<PushDeliveryJob> For(string userId) => [.. _jobs.Where(j => j.UserId == userId)];

    public void Enqueue(PushDeliveryJob job) => _jobs.Enqueue(job);
}
