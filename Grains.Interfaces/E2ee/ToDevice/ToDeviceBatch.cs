namespace ClawChat.Grains.Interfaces.E2ee.ToDevice;

/// <summary>What one sync delivers from a device's inbox.</summary>
/// <param name="Messages">The next pending messages, oldest first.</param>
/// <param name="Position">The position the response's token carries: the sequence of the last message returned,
/// or — when nothing was pending — the inbox's last sequence (everything up to it is gone).</param>
/// <param name="LastSequence">The newest sequence the inbox has assigned.</param>
public sealed record ToDeviceBatch(IReadOnlyList<ToDeviceMessage> Messages, long Position, long LastSequence);
