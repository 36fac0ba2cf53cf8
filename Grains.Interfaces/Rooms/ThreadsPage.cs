using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A <c>/threads</c> response: thread roots with their bundled <c>m.thread</c> aggregation, and the token
/// for the next page (null: no more).</summary>
public sealed record ThreadsPage(IReadOnlyList<JsonElement> Chunk, string? NextBatch);
