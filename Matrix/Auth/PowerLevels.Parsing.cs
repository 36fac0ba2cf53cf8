using System.Globalization;
using System.Text.Json;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Identifiers;
using ClawChat.Matrix.Json;

namespace ClawChat.Matrix.Auth;

public sealed partial class PowerLevels
{
    /// <summary>The seven scalar fields the auth rules constrain (DIGEST §4.3 rule 10).</summary>
    internal static readonly string[] ScalarFields = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"];

    /// <summary>
    /// Reads PL content leniently (a stored event already passed auth): invalid values fall back to defaults.
    /// Numeric strings like <c>"50"</c> are honoured only for room versions that allowed them (v1–9);
    /// from v10 only integers are power levels (DIGEST §3.3, §4.1).
    /// </summary>
    public static PowerLevels FromContent(JsonElement content, RoomVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (content.ValueKind != JsonValueKind.Object)
        {
            return new PowerLevels();
        }

        var allowStrings = !version.RequiresIntegerPowerLevels;
        return new PowerLevels
        {
            Users = ReadMap(content, "users", allowStrings),
            UsersDefault = ReadLevel(content, "users_default", DefaultUsersDefault, allowStrings),
            Events = ReadMap(content, "events", allowStrings),
            EventsDefault = ReadLevel(content, "events_default", DefaultEventsDefault, allowStrings),
            StateDefault = ReadLevel(content, "state_default", DefaultStateDefault, allowStrings),
            Invite = ReadLevel(content, "invite", DefaultInvite, allowStrings),
            Kick = ReadLevel(content, "kick", DefaultKick, allowStrings),
            Ban = ReadLevel(content, "ban", DefaultBan, allowStrings),
            Redact = ReadLevel(content, "redact", DefaultRedact, allowStrings),
            Notifications = ReadMap(content, "notifications", allowStrings),
        };
    }

    /// <summary>
    /// The shape checks of auth rule 10 for v10/v11 (DIGEST §4.3): the seven scalars are integers when present;
    /// <c>events</c> and <c>notifications</c> are objects of integers; <c>users</c> maps valid user IDs to integers.
    /// Returns null when valid, else what is wrong.
    /// </summary>
    public static string? Validate(JsonElement content, RoomVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (content.ValueKind != JsonValueKind.Object)
        {
            return "power levels content must be an object";
        }

        foreach (var field in ScalarFields)
        {
            if (content.TryGetProperty(field, out var value) && !IsLevel(value, version))
            {
                return $"'{field}' must be an integer";
            }
        }

        foreach (var field in (ReadOnlySpan<string>)["events", "notifications"])
        {
            if (content.TryGetProperty(field, out var map) && !IsLevelMap(map, version, requireUserIds: false))
            {
                return $"'{field}' must be an object of integers";
            }
        }

        if (content.TryGetProperty("users", out var users) && !IsLevelMap(users, version, requireUserIds: true))
        {
            return "'users' must map valid user IDs to integers";
        }

        return null;
    }

    internal static bool TryReadLevel(JsonElement value, bool allowStrings, out long level)
    {
        if (CanonicalJson.TryGetInteger(value, out level))
        {
            return true;
        }

        // v1–9 servers stored levels as strings; they were parsed like Python's int() (sign, digits, spaces).
        return allowStrings
            && value.ValueKind == JsonValueKind.String
            && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out level);
    }

    private static bool IsLevel(JsonElement value, RoomVersion version) =>
        TryReadLevel(value, !version.RequiresIntegerPowerLevels, out _);

    private static bool IsLevelMap(JsonElement map, RoomVersion version, bool requireUserIds)
    {
        if (map.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var entry in map.EnumerateObject())
        {
            if (!IsLevel(entry.Value, version) || (requireUserIds && !UserId.TryParse(entry.Name, out _)))
            {
                return false;
            }
        }

        return true;
    }

    private static long ReadLevel(JsonElement content, string name, long fallback, bool allowStrings) =>
        content.TryGetProperty(name, out var value) && TryReadLevel(value, allowStrings, out var level) ? level : fallback;

    private static Dictionary<string, long> ReadMap(JsonElement content, string name, bool allowStrings)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (content.TryGetProperty(name, out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in map.EnumerateObject())
            {
                if (TryReadLevel(entry.Value, allowStrings, out var level))
                {
                    result[entry.Name] = level;
                }
            }
        }

        return result;
    }
}
