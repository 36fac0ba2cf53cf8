namespace ClawChat.Matrix.Events;

/// <summary>Values of <c>m.room.join_rules</c> <c>content.join_rule</c>.</summary>
public static class JoinRules
{
    public const string Public = "public";
    public const string Invite = "invite";
    public const string Knock = "knock";
    public const string Restricted = "restricted";
    public const string KnockRestricted = "knock_restricted";

    /// <summary>Reserved by the spec with no defined behaviour; auth rules reject joins under it.</summary>
    public const string Private = "private";
}
