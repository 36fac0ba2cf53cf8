using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ClawChat.Api.ClientServer;

/// <summary>Services of the account endpoints: registration options, token resolution, UIA sessions, rate limits.</summary>
public static class AccountsApiServiceCollectionExtensions
{
    public static IServiceCollection AddAccountsApi(this IServiceCollection services)
    {
        services.AddOptions<RegistrationOptions>().BindConfiguration(RegistrationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistrationOptions>, RegistrationOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AccessTokenResolver>();
        services.AddSingleton<UserInteractiveAuth>();
        services.AddAccountRateLimits();
        return services;
    }
}
