namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>
/// Everything about AI bots, bound from the <c>ClawChat</c> section: the list <c>ClawChat:Bots</c> (one
/// <see cref="BotOptions"/> each) and the shared limits <c>ClawChat:BotLimits</c>. The limits cannot live under
/// <c>ClawChat:Bots</c> because the binder treats every child of a list section as an element.
/// </summary>
public sealed class BotsOptions
{
    /// <summary>The configured bots (default: none).</summary>
    public List<BotOptions> Bots { get; set; } = [];

    /// <summary>Rate limits, concurrency and streaming bounds shared by all bots.</summary>
    public BotLimitsOptions BotLimits { get; set; } = new();
}
