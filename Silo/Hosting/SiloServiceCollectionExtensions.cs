using ClawChat.Api.ClientServer;
using ClawChat.Grains;
using ClawChat.Grains.Bots;
using ClawChat.Grains.Media;
using ClawChat.Grains.Push;
using ClawChat.Runtime;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Storage;
using Microsoft.Extensions.Options;

namespace ClawChat.Silo.Hosting;

/// <summary>The composition root: options, storage (SQLite or PostgreSQL), the grain runtime.</summary>
public static class SiloServiceCollectionExtensions
{
    public static WebApplicationBuilder AddClawChatSilo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ClawChatOptions>().BindConfiguration(ClawChatOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClawChatOptions>, ClawChatOptionsValidator>();

        // Storage choice happens now (it decides which services exist); the validator reports bad values at start.
        var options = builder.Configuration.GetSection(ClawChatOptions.SectionName).Get<ClawChatOptions>() ?? new ClawChatOptions();
        if (!string.IsNullOrWhiteSpace(options.Storage.Postgres))
        {
            services.AddPostgresStorage(options.Storage.Postgres);
        }
        else
        {
            services.AddSqliteStorage(options.SqlitePath);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        builder.AddClawChatCluster(options);
        services.AddGrainRuntime(GrainsAssembly.Assembly);
        services.AddClawChatMedia();
        services.AddClawChatPush();
        services.AddClawChatBots();
        services.AddAccountsApi();
        services.AddHostedService<StartupReporter>();
        return builder;
    }
}
