using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary>Reading condition values out of an event, and comparing them the way the spec compares
/// non-compound canonical JSON values (strings exactly, integers numerically, booleans, null).</summary>
internal static class PushEventValues
{
    /// <summary>The value at <paramref name="path"/>. The top-level <c>room_id</c> is always the context's room:
    /// events in /sync form carry none, yet rules (and every room rule) match on it.</summary>
    public static bool TryResolve(PushEventContext context, EventPath path, out JsonElement value)
    {
        if (IsRoomId(path))
        {
            value = JsonSerializer.SerializeToElement(context.RoomId);
            return true;
        }

        return path.TryResolve(context.Event, out value);
    }

    public static bool TryGetString(PushEventContext context, EventPath path, [NotNullWhen(true)] out string? value)
    {
        if (IsRoomId(path))
        {
            value = context.RoomId;
            return true;
        }

        value = path.TryResolve(context.Event, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : null;
        return value is not null;
    }

    private static bool IsRoomId(EventPath path) => path.Segments is ["room_id"];

    /// <summary>Equality of two non-compound JSON values; objects and arrays never compare equal.</summary>
    public static bool ScalarEquals(JsonElement left, JsonElement right)
    {
        return left.ValueKind switch
        {
            JsonValueKind.String => right.ValueKind == JsonValueKind.String && left.ValueEquals(right.GetString()),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => right.ValueKind == left.ValueKind,
            JsonValueKind.Number => right.ValueKind == JsonValueKind.Number && NumbersEqual(left, right),
            _ => false,
        };
    }

    private static bool NumbersEqual(JsonElement left, JsonElement right)
    {
        if (left.TryGetInt64(out var l) && right.TryGetInt64(out var r))
        {
            return l == r;
        }

        return left.TryGetDouble(out var ld) && right.TryGetDouble(out var rd) && ld.Equals(rd);
    }
}
