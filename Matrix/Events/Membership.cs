namespace ClawChat.Matrix.Events;

/// <summary>Values of <c>m.room.member</c> <c>content.membership</c>.</summary>
public static class Membership
{
    public const string Join = "join";
    public const string Invite = "invite";
    public const string Leave = "leave";
    public const string Ban = "ban";
    public const string Knock = "knock";
}
