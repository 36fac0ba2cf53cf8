using System.Diagnostics.CodeAnalysis;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary>Wire names of <see cref="PushRuleKind"/> (the <c>{kind}</c> path segment and the ruleset's keys).</summary>
public static class PushRuleKinds
{
    /// <summary>Every kind, in evaluation priority order.</summary>
    public static IReadOnlyList<PushRuleKind> All { get; } =
        [PushRuleKind.Override, PushRuleKind.Content, PushRuleKind.Room, PushRuleKind.Sender, PushRuleKind.Underride];

    public static string ToWire(this PushRuleKind kind) => kind switch
    {
        PushRuleKind.Override => "override",
        PushRuleKind.Content => "content",
        PushRuleKind.Room => "room",
        PushRuleKind.Sender => "sender",
        PushRuleKind.Underride => "underride",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown push rule kind."),
    };

    public static bool TryParse(string? value, [NotNullWhen(true)] out PushRuleKind? kind)
    {
        kind = value switch
        {
            "override" => PushRuleKind.Override,
            "content" => PushRuleKind.Content,
            "room" => PushRuleKind.Room,
            "sender" => PushRuleKind.Sender,
            "underride" => PushRuleKind.Underride,
            _ => null,
        };
        return kind is not null;
    }
}
