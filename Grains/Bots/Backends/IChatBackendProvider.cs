namespace ClawChat.Grains.Bots.Backends;

/// <summary>The backend of each configured bot (by the bot's user ID), built once at start-up from
/// <see cref="Interfaces.Configuration.BotOptions"/>; API keys are resolved here (environment or secret file) and
/// never leave the backend object.</summary>
public interface IChatBackendProvider
{
    /// <summary>The backend of <paramref name="botUserId"/>; throws <see cref="KeyNotFoundException"/> for an
    /// unknown bot.</summary>
    IChatBackend Get(string botUserId);
}
