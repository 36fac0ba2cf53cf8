using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee.ToDevice;

/// <summary>
/// Routes one user's send-to-device requests to the target devices' inboxes (key: the sender's user ID; DIGEST
/// §13). <c>*</c> means every device the target has at send time; unknown local users and devices are skipped;
/// remote users are skipped until federation exists. Idempotency per (sender device, txnId) is kept by the inboxes
/// (<see cref="IToDeviceInboxGrain.EnqueueAsync"/>), so a retry after a partial failure fills only the gaps.
/// </summary>
[Alias("to-device-sender")]
public interface IToDeviceSenderGrain : IGrainWithStringKey
{
    Task<SendToDeviceResult> SendAsync(SendToDeviceRequest request);
}
