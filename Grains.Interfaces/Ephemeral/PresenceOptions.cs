namespace ClawChat.Grains.Interfaces.Ephemeral;

/// <summary>Presence settings, section <c>ClawChat:Presence</c>.</summary>
public sealed class PresenceOptions
{
    public const string SectionName = "ClawChat:Presence";

    /// <summary>Whether presence is tracked and sent in <c>/sync</c> (default true). Small boxes may turn it off:
    /// presence is the chattiest part of sync.</summary>
    public bool Enabled { get; set; } = true;
}
