namespace ClawChat.Grains.Interfaces.E2ee.ToDevice;

/// <summary>What a send-to-device request did: messages enqueued, and targets skipped as duplicates (a retried
/// transaction), as unknown (no such local user or device) or as remote.</summary>
public sealed record SendToDeviceResult(int Enqueued, int Duplicates, int Unknown, int Remote);
