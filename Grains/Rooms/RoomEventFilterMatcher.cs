using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>Applies a RoomEventFilter to an event as served (DIGEST §7): <c>not_*</c> wins; <c>*</c> is a wildcard in types.</summary>
internal static class RoomEventFilterMatcher
{
    public static bool Matches(RoomEventFilter filter, Pdu pdu)
    {
        if (filter.NotTypes is { } notTypes && notTypes.Any(t => Glob(t, pdu.Type)))
        {
            return false;
        }

        if (filter.Types is { } types && !types.Any(t => Glob(t, pdu.Type)))
        {
            return false;
        }

        if (filter.NotSenders is { } notSenders && notSenders.Contains(pdu.Sender, StringComparer.Ordinal))
        {
            return false;
        }

        if (filter.Senders is { } senders && !senders.Contains(pdu.Sender, StringComparer.Ordinal))
        {
            return false;
        }

        if (filter.ContainsUrl is { } containsUrl)
        {
            var hasUrl = pdu.Content.ValueKind == JsonValueKind.Object && pdu.Content.TryGetProperty("url", out _);
            if (hasUrl != containsUrl)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Matches <paramref name="value"/> against a pattern where <c>*</c> stands for any run of characters.</summary>
    internal static bool Glob(string pattern, string value)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return string.Equals(pattern, value, StringComparison.Ordinal);
        }

        var parts = pattern.Split('*');
        if (!value.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var index = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = value.IndexOf(parts[i], index, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            index = found + parts[i].Length;
        }

        var last = parts[^1];
        return value.Length - index >= last.Length && value.EndsWith(last, StringComparison.Ordinal);
    }
}
