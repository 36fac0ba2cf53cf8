using ClawChat.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Testing;

/// <summary>A real silo on a loopback port (Kestrel, real HTTP), with its own data directory.</summary>
public sealed class RunningSilo : IAsyncDisposable
{
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

    public static async Task<RunningSilo> StartAsync(params string[] settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "clawchat-test-" + Guid.NewGuid().ToString("N"));
        string[] args = ["--urls", "http://127.0.0.1:0", "--ClawChat:DataDirectory", dataDirectory, "--Logging:LogLevel:Default", "Warning", .. settings];
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
