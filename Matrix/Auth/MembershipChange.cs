namespace ClawChat.Matrix.Auth;

/// <summary>What a membership event means relative to the previous membership (DIGEST §4.4).</summary>
public enum MembershipChange
{
    /// <summary>Not a meaningful transition (e.g. leave → leave); the auth rules reject these.</summary>
    None,

    /// <summary>none/leave/knock → join.</summary>
    Joined,

    /// <summary>invite → join.</summary>
    InviteAccepted,

    /// <summary>join → join: displayname/avatar change.</summary>
    ProfileChanged,

    /// <summary>→ invite (from none, leave or knock).</summary>
    Invited,

    /// <summary>invite → leave by the invitee.</summary>
    InviteRejected,

    /// <summary>invite → leave by someone else.</summary>
    InviteRevoked,

    /// <summary>join → leave by the user.</summary>
    Left,

    /// <summary>join → leave by someone else.</summary>
    Kicked,

    /// <summary>→ ban.</summary>
    Banned,

    /// <summary>ban → leave (by someone else).</summary>
    Unbanned,

    /// <summary>none/leave → knock.</summary>
    Knocked,

    /// <summary>knock → leave by the knocker.</summary>
    KnockRetracted,

    /// <summary>knock → leave by someone else.</summary>
    KnockDenied,

    /// <summary>A transition the auth rules always reject (e.g. ban → join, join → knock) or an unknown membership.</summary>
    Invalid,
}
