using System.Text.Json;

namespace ClawChat.Grains.Interfaces.E2ee.ToDevice;

/// <summary>A send-to-device message for one device (DIGEST §13), delivered in <c>/sync</c> as
/// <c>{sender, type, content}</c>.</summary>
/// <param name="MessageId">Identifies the send request per target (<c>sender|senderDevice|txnId</c>), so a retried
/// request does not enqueue twice.</param>
public sealed record ToDeviceMessage(string Sender, string Type, JsonElement Content, string MessageId);
