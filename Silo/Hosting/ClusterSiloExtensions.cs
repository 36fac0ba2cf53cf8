using System.Net;
using ClawChat.Runtime;
using ClawChat.Runtime.Cluster;
using ClawChat.Runtime.Cluster.Directory;
using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Cluster.Transport;
using ClawChat.Runtime.Cluster.Transport.Tcp;
using ClawChat.Runtime.Redis;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ClawChat.Silo.Hosting;

/// <summary>Cluster mode (on when <c>ClawChat:Cluster:Redis</c> is set): Redis membership and directory,
/// the silo-to-silo listener on <c>ClawChat:Cluster:SiloPort</c> next to the HTTP endpoints, and state in
/// PostgreSQL (required, so that any silo can load any grain).</summary>
public static class ClusterSiloExtensions
{
    public const string SectionName = "ClawChat:Cluster";

    public static WebApplicationBuilder AddClawChatCluster(this WebApplicationBuilder builder, ClawChatOptions options)
    {
        var cluster = builder.Configuration.GetSection(SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        builder.Services.AddOptions<ClusterOptions>().BindConfiguration(SectionName);
        if (string.IsNullOrWhiteSpace(cluster.Redis))
        {
            return builder;
        }

        if (string.IsNullOrWhiteSpace(options.Storage.Postgres))
        {
            throw new OptionsValidationException(nameof(ClawChatOptions), typeof(ClawChatOptions),
                ["ClawChat:Cluster:Redis is set, so ClawChat:Storage:Postgres must be set too: silos of a cluster share grain state and events in PostgreSQL."]);
        }

        if (cluster.SiloPort is < 0 or > 65535)
        {
            throw new OptionsValidationException(nameof(ClusterOptions), typeof(ClusterOptions), [$"ClawChat:Cluster:SiloPort must be a TCP port (got {cluster.SiloPort})."]);
        }

        var services = builder.Services;
        services.AddOptions<MembershipOptions>().BindConfiguration(SectionName + ":Membership").ValidateOnStart();
        var local = new SiloAddress(cluster.AdvertisedAddress, cluster.SiloPort, SiloAddress.NewGeneration());
        services.AddSingleton(sp => RedisClient.ConnectAsync(cluster.Redis, sp.GetService<ILoggerFactory>()).GetAwaiter().GetResult());
        services.AddTcpSiloTransport(_ => local);
        services.AddSingleton<IMembershipTable>(sp => new RedisMembershipTable(sp.GetRequiredService<RedisClient>(), cluster.ClusterId, sp.GetService<ILogger<RedisMembershipTable>>()));
        services.AddSingleton<IGrainDirectory>(sp => new RedisGrainDirectory(sp.GetRequiredService<RedisClient>(), cluster.ClusterId));
        services.AddSingleton(sp => new MembershipService(
            local,
            cluster.SiloName ?? Environment.MachineName,
            HttpPort(builder.Configuration["urls"]),
            sp.GetRequiredService<IMembershipTable>(),
            sp.GetRequiredService<ISiloTransport>(),
            sp.GetRequiredService<IOptions<MembershipOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.AddSingleton(sp => new ClusterComponents(
            sp.GetRequiredService<MembershipService>(),
            sp.GetRequiredService<IGrainDirectory>(),
            sp.GetRequiredService<ISiloTransport>(),
            sp.GetRequiredService<IOptions<MembershipOptions>>().Value));

        // Listening on the silo port explicitly makes Kestrel ignore --urls, so the HTTP endpoints are bound here too.
        var urls = builder.Configuration["urls"] ?? SiloApplication.DefaultUrl;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ListenHttp(kestrel, urls);
            kestrel.ListenSiloPort(cluster, cluster.AdvertisedAddress == "127.0.0.1" ? IPAddress.Loopback : null);
        });
        return builder;
    }

    /// <summary>Exits the process when the cluster declared this silo dead: an orchestrator restarts it as a
    /// new member (brief C4: "I have been told I am dead").</summary>
    public static void ExitWhenDeclaredDead(this WebApplication app)
    {
        var silo = app.Services.GetRequiredService<GrainSilo>();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ClawChat.Silo");
        silo.Killed += reason =>
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return;
            }

            // Stop through the host (not Environment.Exit, whose exit handlers would wait for the very shutdown
            // this thread belongs to); the non-zero exit code tells the orchestrator to restart us.
            logger.LogCritical("The cluster declared this silo dead ({Reason}); stopping so it restarts as a new member", reason);
            Environment.ExitCode = 70;
            lifetime.StopApplication();
        };
    }

    private static void ListenHttp(KestrelServerOptions kestrel, string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
            if (uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new OptionsValidationException("urls", typeof(string), [$"'{url}': only http:// listen addresses are supported (terminate TLS in the reverse proxy)."]);
            }

            if (uri.Host is "localhost")
            {
                kestrel.ListenLocalhost(uri.Port);
            }
            else if (IPAddress.TryParse(uri.Host, out var address))
            {
                kestrel.Listen(address, uri.Port);
            }
            else
            {
                kestrel.ListenAnyIP(uri.Port);
            }
        }
    }

    private static int HttpPort(string? urls)
    {
        var first = (urls ?? SiloApplication.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        return Uri.TryCreate(first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : 0;
    }
}
