using ClawChat.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Testing;

/// <summary>A real silo on a loopback port (Kestrel, real HTTP), with its own data directory. Test defaults:
/// shared-secret registration on with <see cref="DefaultSharedSecret"/> (so <see cref="MatrixTestClient.RegisterAsync"/>
/// works) and rate limiting off; any <c>settings</c> given to <see cref="StartAsync"/> override them.</summary>
public sealed class RunningSilo : IAsyncDisposable
{
    /// <summary>The registration shared secret test silos use unless a test overrides it.</summary>
    public const string DefaultSharedSecret = "clawchat-test-shared-secret";

    private RunningSilo(WebApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    /// <summary>The configured server name (the part after ':' in user ids).</summary>
    public string ServerName => App.Configuration["ClawChat:ServerName"] is { Length: > 0 } name ? name : "localhost";

    /// <summary>The effective registration shared secret, or null when shared-secret registration is off.</summary>
    public string? SharedSecret => App.Configuration["ClawChat:Registration:SharedSecret"] is { Length: > 0 } secret ? secret : null;

    /// <summary>Starts a silo; <paramref name="settings"/> are command-line pairs such as
    /// <c>"--ClawChat:Registration:Enabled", "true"</c> (later values win over the test defaults).</summary>
    public static async Task<RunningSilo> StartAsync(params string[] settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "clawchat-test-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--ClawChat:DataDirectory", dataDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--ClawChat:Registration:SharedSecret", DefaultSharedSecret,
            "--ClawChat:RateLimits:Enabled", "false",
            .. settings,
        ];
        var app = SiloApplication.Build(args);
        await app.StartAsync();
        return new RunningSilo(app, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
