using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A <c>/relations</c> response: <c>chunk</c>, <c>next_batch</c> (null: no more), <c>prev_batch</c>
/// (the token the page started from, null on the first page) and <c>recursion_depth</c> (only with recurse).</summary>
public sealed record RelationsPage(IReadOnlyList<JsonElement> Chunk, string? NextBatch, string? PrevBatch, int? RecursionDepth);
