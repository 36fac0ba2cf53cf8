using System.Text.Json;

namespace ClawChat.Grains.Interfaces.E2ee.ToDevice;

/// <summary>A parsed <c>PUT /sendToDevice/{eventType}/{txnId}</c> (DIGEST §13).</summary>
/// <param name="Messages">Target user → device ID (or <c>*</c> for all the user's devices) → content.</param>
public sealed record SendToDeviceRequest(
    string SenderDeviceId,
    string EventType,
    string TxnId,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> Messages);
