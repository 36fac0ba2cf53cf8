using System.Diagnostics.CodeAnalysis;

namespace ClawChat.Matrix.Events;

/// <summary>
/// The rules a room version selects. Versions 1–9 exist (and 12), but we only create and evaluate rooms
/// of versions 10 and 11, so only those carry a rule set; the flags name what differs (DIGEST §3.3).
/// Everything we need is the same for 10 and 11 except what the flags say: event IDs are reference
/// hashes (v4+), power levels must be integers (v10+), <c>knock</c> (v7+), <c>restricted</c> (v8+),
/// <c>knock_restricted</c> (v10+) join rules are all available.
/// </summary>
public sealed class RoomVersion
{
    /// <summary>Room version 10.</summary>
    public static RoomVersion V10 { get; } = new("10", usesCreatorField: true, redactsInContent: false, redactionRulesV11: false);

    /// <summary>Room version 11: no <c>creator</c>, <c>redacts</c> in content, the v11 redaction algorithm.</summary>
    public static RoomVersion V11 { get; } = new("11", usesCreatorField: false, redactsInContent: true, redactionRulesV11: true);

    /// <summary>The version used for new rooms unless the client asks otherwise.</summary>
    public static RoomVersion Default => V11;

    /// <summary>Versions the spec defines (v1.19). Known but unsupported ones are refused, not misread.</summary>
    public static IReadOnlyList<string> SpecVersions { get; } = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];

    /// <summary>Versions we can create and evaluate, in preference order.</summary>
    public static IReadOnlyList<RoomVersion> Supported { get; } = [V11, V10];

    private RoomVersion(string id, bool usesCreatorField, bool redactsInContent, bool redactionRulesV11)
    {
        Id = id;
        UsesCreatorField = usesCreatorField;
        RedactsInContent = redactsInContent;
        RedactionRulesV11 = redactionRulesV11;
    }

    /// <summary>The version string, as in <c>m.room.create</c> <c>content.room_version</c>.</summary>
    public string Id { get; }

    /// <summary>
    /// v10 and earlier: <c>m.room.create</c> must carry <c>content.creator</c> and that, not the sender,
    /// names the creator. v11 dropped the key; the creator is the create event's <c>sender</c>.
    /// </summary>
    public bool UsesCreatorField { get; }

    /// <summary>v11+: <c>m.room.redaction</c> carries <c>redacts</c> in <c>content</c> rather than at top level.</summary>
    public bool RedactsInContent { get; }

    /// <summary>
    /// v11+ redaction algorithm: top-level <c>origin</c>, <c>membership</c>, <c>prev_state</c> no longer kept;
    /// create content kept whole; power levels keep <c>invite</c>; redaction keeps <c>redacts</c>; member keeps
    /// <c>third_party_invite.signed</c> (DIGEST §3.4).
    /// </summary>
    public bool RedactionRulesV11 { get; }

    /// <summary>v10+: power level values must be integers; v1–9 tolerated numeric strings (DIGEST §3.3, §4.1).</summary>
    public bool RequiresIntegerPowerLevels => true;

    /// <summary>v10+: the <c>knock_restricted</c> join rule exists.</summary>
    public bool SupportsKnockRestricted => true;

    public static bool TryGet([NotNullWhen(true)] string? id, [NotNullWhen(true)] out RoomVersion? version)
    {
        version = id switch
        {
            "10" => V10,
            "11" => V11,
            _ => null,
        };

        return version is not null;
    }

    /// <summary>Whether <paramref name="id"/> is a version the spec defines, supported here or not.</summary>
    public static bool IsSpecVersion(string? id) => id is not null && SpecVersions.Contains(id);

    public override string ToString() => Id;
}
