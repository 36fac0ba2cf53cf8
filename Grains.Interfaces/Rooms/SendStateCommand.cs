using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary><c>PUT /rooms/{roomId}/state/{eventType}/{stateKey}</c>.</summary>
public sealed record SendStateCommand(string Sender, string Type, string StateKey, JsonElement Content);
