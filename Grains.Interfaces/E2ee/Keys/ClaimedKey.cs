using System.Text.Json;

namespace ClawChat.Grains.Interfaces.E2ee.Keys;

/// <summary>A one-time or fallback key handed out by <c>POST /keys/claim</c>: its ID (<c>algorithm:id</c>) and object.</summary>
public sealed record ClaimedKey(string KeyId, JsonElement Key);
