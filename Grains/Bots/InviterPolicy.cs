using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Matrix.Identifiers;

namespace ClawChat.Grains.Bots;

/// <summary>Who may invite a bot (<see cref="BotOptions.AllowedInviters"/>): user IDs, <c>*:server</c> and <c>*</c>;
/// nothing configured means any user of the bot's own server.</summary>
public static class InviterPolicy
{
    public static bool IsAllowed(BotOptions bot, string inviter)
    {
        ArgumentNullException.ThrowIfNull(bot);
        if (!UserId.TryParse(inviter, out var inviterId))
        {
            return false;
        }

        if (bot.AllowedInviters.Count == 0)
        {
            return UserId.TryParse(bot.UserId, out var botId) && inviterId.Server == botId.Server;
        }

        foreach (var pattern in bot.AllowedInviters)
        {
            if (pattern == "*"
                || string.Equals(pattern, inviter, StringComparison.Ordinal)
                || (pattern.StartsWith("*:", StringComparison.Ordinal) && string.Equals(pattern[2..], inviterId.Server.Value, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
