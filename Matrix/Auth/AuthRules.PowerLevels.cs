using System.Text.Json;
using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Auth;

public static partial class AuthRules
{
    /// <summary>
    /// Rule 10: <c>m.room.power_levels</c>. Nobody can grant, or take away, more power than they hold
    /// (DIGEST §4.3 rule 10). Like the reference implementations, a scalar that is absent on one side is
    /// not compared on that side (it is "added" or "removed", and only the present value is checked).
    /// </summary>
    private static AuthResult CheckPowerLevels(Pdu pdu, IAuthState state, long senderLevel, RoomVersion version)
    {
        if (PowerLevels.Validate(pdu.Content, version) is { } problem)
        {
            return AuthResult.Deny($"invalid power levels: {problem}");
        }

        var previous = state.GetPowerLevelsEvent();
        if (previous is null)
        {
            return AuthResult.Allow("first power levels event");
        }

        var allowStrings = !version.RequiresIntegerPowerLevels;
        var oldContent = previous.Content;
        var newContent = pdu.Content;

        foreach (var field in PowerLevels.ScalarFields)
        {
            var oldLevel = ReadOptionalLevel(oldContent, field, allowStrings);
            var newLevel = ReadOptionalLevel(newContent, field, allowStrings);
            if (oldLevel == newLevel)
            {
                continue;
            }

            if (oldLevel > senderLevel || newLevel > senderLevel)
            {
                return AuthResult.Deny($"changing '{field}' from {Show(oldLevel)} to {Show(newLevel)} exceeds the sender's level {senderLevel}");
            }
        }

        foreach (var map in (ReadOnlySpan<string>)["events", "notifications"])
        {
            var oldMap = ReadLevelMap(oldContent, map, allowStrings);
            var newMap = ReadLevelMap(newContent, map, allowStrings);
            foreach (var (key, oldLevel) in oldMap)
            {
                var changedOrRemoved = !newMap.TryGetValue(key, out var newLevel) || newLevel != oldLevel;
                if (changedOrRemoved && oldLevel > senderLevel)
                {
                    return AuthResult.Deny($"changing {map}['{key}'] needs power above its current level {oldLevel}");
                }
            }

            foreach (var (key, newLevel) in newMap)
            {
                var addedOrChanged = !oldMap.TryGetValue(key, out var oldLevel) || newLevel != oldLevel;
                if (addedOrChanged && newLevel > senderLevel)
                {
                    return AuthResult.Deny($"setting {map}['{key}'] to {newLevel} exceeds the sender's level {senderLevel}");
                }
            }
        }

        var oldUsers = ReadLevelMap(oldContent, "users", allowStrings);
        var newUsers = ReadLevelMap(newContent, "users", allowStrings);
        foreach (var (user, oldLevel) in oldUsers)
        {
            var changedOrRemoved = !newUsers.TryGetValue(user, out var newLevel) || newLevel != oldLevel;
            if (changedOrRemoved
                && !string.Equals(user, pdu.Sender, StringComparison.Ordinal)
                && oldLevel >= senderLevel)
            {
                return AuthResult.Deny($"cannot change the level of {user}, who is at or above the sender's level");
            }
        }

        foreach (var (user, newLevel) in newUsers)
        {
            var addedOrChanged = !oldUsers.TryGetValue(user, out var oldLevel) || newLevel != oldLevel;
            if (addedOrChanged && newLevel > senderLevel)
            {
                return AuthResult.Deny($"cannot raise {user} to {newLevel}, above the sender's level {senderLevel}");
            }
        }

        return AuthResult.Allow("the power level changes are within the sender's level");
    }

    private static long? ReadOptionalLevel(JsonElement content, string name, bool allowStrings) =>
        content.ValueKind == JsonValueKind.Object
        && content.TryGetProperty(name, out var value)
        && PowerLevels.TryReadLevel(value, allowStrings, out var level)
            ? level
            : null;

    private static Dictionary<string, long> ReadLevelMap(JsonElement content, string name, bool allowStrings)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty(name, out var map)
            && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in map.EnumerateObject())
            {
                if (PowerLevels.TryReadLevel(entry.Value, allowStrings, out var level))
                {
                    result[entry.Name] = level;
                }
            }
        }

        return result;
    }

    private static string Show(long? level) => level?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(absent)";
}
