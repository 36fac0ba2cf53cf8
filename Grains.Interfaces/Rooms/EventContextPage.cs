using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A <c>/context</c> response (DIGEST §8): events before (newest first) and after (oldest first), tokens, state at the event.</summary>
public sealed record EventContextPage(
    JsonElement Event,
    IReadOnlyList<JsonElement> EventsBefore,
    IReadOnlyList<JsonElement> EventsAfter,
    string Start,
    string End,
    IReadOnlyList<JsonElement> State);
