using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A state event to send: <c>initial_state</c> entries of <c>/createRoom</c>.</summary>
public sealed record StateEventInput(string Type, string StateKey, JsonElement Content);
