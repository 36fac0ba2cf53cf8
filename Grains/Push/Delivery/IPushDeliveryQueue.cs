namespace ClawChat.Grains.Push.Delivery;

/// <summary>Where <see cref="PushersGrain"/> hands notifications for delivery to push gateways. Never blocks.</summary>
public interface IPushDeliveryQueue
{
    void Enqueue(PushDeliveryJob job);
}
