using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A <c>/messages</c> response: <c>start</c>, <c>end</c> (null = no more events), <c>chunk</c>, <c>state</c> (lazy-loaded members).</summary>
public sealed record MessagesPage(string Start, string? End, IReadOnlyList<JsonElement> Chunk, IReadOnlyList<JsonElement> State);
