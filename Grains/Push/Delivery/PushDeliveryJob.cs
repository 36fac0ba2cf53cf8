using ClawChat.Grains.Interfaces.Push;

namespace ClawChat.Grains.Push.Delivery;

/// <summary>One notification for one user's pushers (a snapshot taken when it was queued).</summary>
public sealed record PushDeliveryJob(string UserId, PushNotice Notice, IReadOnlyList<Pusher> Pushers);
