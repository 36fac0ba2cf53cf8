using System.Text.Json;

namespace ClawChat.Grains.Push;

/// <summary>Which timeline of a room an event counts in for threaded notification counts (DIGEST §15: receipts
/// reset counts per thread, and the main timeline is the thread <c>main</c>).</summary>
internal static class EventThreads
{
    /// <summary>The thread id of the main timeline (as receipts name it).</summary>
    public const string Main = "main";

    /// <summary>The thread root id of an event related with <c>rel_type: m.thread</c>, else <see cref="Main"/>.</summary>
    public static string ThreadOf(JsonElement clientEvent)
    {
        if (clientEvent.ValueKind == JsonValueKind.Object
            && clientEvent.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty("m.relates_to", out var relation) && relation.ValueKind == JsonValueKind.Object
            && relation.TryGetProperty("rel_type", out var relType) && relType.ValueEquals("m.thread")
            && relation.TryGetProperty("event_id", out var root) && root.ValueKind == JsonValueKind.String
            && root.GetString() is { Length: > 0 } rootId)
        {
            return rootId;
        }

        return Main;
    }
}
