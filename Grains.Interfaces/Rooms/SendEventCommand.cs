using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary><c>PUT /rooms/{roomId}/send/{eventType}/{txnId}</c>: a message event with its transaction.</summary>
public sealed record SendEventCommand(string Sender, string DeviceId, string TxnId, string Type, JsonElement Content);
